import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionAttendance } from '@diem-cau/shared';
import {
  firstFramesAfter,
  phaseFigures,
  receiverSamples,
  recordFieldFigures,
  summarise,
} from '../support/field/index.js';
import { HOST_CAMERA, decodedFrames } from '../support/broadcastPages.js';
import { holdsWithin, sleep, startFieldStage, type FieldStage } from '../support/fieldStage.js';

const CUT_MS = 30_000;
/** The bound: decoding again within 10 s of the link's return, nobody touching anything. */
const RECOVERY_MS = 10_000;

/** Issue #13, scenario 4: the commune's link dies for 30 s (silently: no packet in or out) and returns. */
describe('field scenario 4: the link cut for 30 s, then restored', () => {
  let stage: FieldStage;

  beforeAll(async () => {
    // A modest commune link: 2 Mbit/s each way, 40 ms round trip.
    stage = await startFieldStage({ rateKbit: 2000, delayMs: 20 });
  });
  afterAll(async () => stage?.close());

  it('decodes again within 10 s of the return, with no operator action; attendance shows one interval', async () => {
    const { tv, link, t, fx } = stage;
    await stage.goLive();
    await stage.openTv();
    const before = Date.now();
    await sleep(5_000);

    await link.cut('drop');
    const cutAt = Date.now();
    // The cut is real: the picture freezes.
    await sleep(3_000);
    const frozen = await decodedFrames(tv, HOST_CAMERA);
    await sleep(2_000);
    expect(await decodedFrames(tv, HOST_CAMERA)).toBe(frozen);
    await sleep(CUT_MS - (Date.now() - cutAt));

    await link.restore();
    const restoredAt = Date.now();
    const frames = await decodedFrames(tv, HOST_CAMERA);
    // Ten new frames: a picture moving again, not one stray frame.
    const decoding = await holdsWithin(async () => (await decodedFrames(tv, HOST_CAMERA)) >= frames + 10, RECOVERY_MS);
    const decodingAt = firstFramesAfter(await receiverSamples(tv, before), restoredAt);
    await sleep(5_000);
    const samples = await receiverSamples(tv, before);
    const during = summarise(samples.filter((s) => s.at >= cutAt && s.at <= restoredAt));
    recordFieldFigures({
      scenario: '4: link cut 30 s',
      link: '2 Mbit/s each way, 40 ms round trip; every packet dropped for 30 s, then back',
      phases: [
        phaseFigures('before the cut', summarise(samples.filter((s) => s.at < cutAt))),
        phaseFigures('during the cut', during),
        ...(decodingAt ? [phaseFigures('after the return', summarise(samples.filter((s) => s.at >= decodingAt)))] : []),
      ],
      recovery: { 'decoding after the link returns': decoding && decodingAt ? decodingAt - restoredAt : null },
    });

    expect(decoding).toBe(true);
    expect(decodingAt! - restoredAt).toBeLessThanOrEqual(RECOVERY_MS);
    // The receiver stats saw the outage as one long audio gap (what the other scenarios bound to 1 s).
    expect(during.longestAudioGapMs).toBeGreaterThanOrEqual(CUT_MS - 5_000);
    await expect
      .poll(() => tv.getByTestId('connection').getAttribute('data-state'), { timeout: 10_000 })
      .toBe('online');

    // One connection interval: the cut was shorter than ATTENDANCE_GRACE_SECONDS (60 s by default).
    expect(t.app.config.attendance.graceSeconds * 1000).toBeGreaterThan(CUT_MS);
    const res = await fetch(`${t.url}/api/sessions/${fx.sessionId}/attendance`, {
      headers: { authorization: `Bearer ${fx.hostToken}` },
    });
    expect(res.status).toBe(200);
    const view = (await res.json()) as SessionAttendance;
    const endpoint = view.endpoints.find((e) => e.endpointId === fx.endpoints[0]!.id)!;
    expect(endpoint.intervals).toHaveLength(1);
    expect(endpoint.intervals[0]!.end).toBeNull();
  }, 90_000);
});
