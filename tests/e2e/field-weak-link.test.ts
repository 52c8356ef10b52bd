import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { broadcastDomain } from '@diem-cau/server/src/domain/broadcast/index.js';
import { mediaStats } from '../support/broadcastPages.js';
import { sleep, startFieldStage, type FieldStage } from '../support/fieldStage.js';

/** Below what even the lowest layer and the speech need together (about 150 + 40 kbit/s). */
const WEAK_KBIT = 64;
/** The weak state needs the score poor at layer 0 for a while (layerPolicy): well within this. */
const NOTICE_MS = 60_000;

/**
 * A hall whose link cannot carry a picture at all: the TV tells the operator in Vietnamese that the
 * link is weak and offers audio only; one press stops the picture and the speech goes on.
 */
describe('a link too weak for any picture: the TV says so and offers audio only', () => {
  let stage: FieldStage;

  beforeAll(async () => {
    stage = await startFieldStage({ rateKbit: 4000, delayMs: 20 });
  });
  afterAll(async () => stage?.close());

  it('warns in Vietnamese, switches to audio only on one press, and the audio keeps coming', async () => {
    const { tv, link, t, fx } = stage;
    await stage.goLive();
    await stage.openTv();
    expect(await tv.getByTestId('weak-link').count()).toBe(0);

    await link.set({ rateKbit: WEAK_KBIT });
    const warning = tv.getByTestId('weak-link');
    await warning.waitFor({ timeout: NOTICE_MS });
    expect(await warning.innerText()).toContain('Đường truyền yếu');

    await tv.getByTestId('weak-link-audio-only').click();
    await tv.getByTestId('audio-only-note').waitFor({ timeout: 10_000 });
    expect(await tv.getByTestId('weak-link').count()).toBe(0);
    // The server stopped sending the picture to this endpoint; the speech goes on.
    const room = broadcastDomain(t.app.ctx).rooms.existing(fx.sessionId)!;
    const peer = room.peers().find((p) => p.identity.role === 'endpoint')!;
    await expect
      .poll(() => [...peer.consumers.values()].find((c) => c.consumer.kind === 'video')?.consumer.paused, {
        timeout: 10_000,
      })
      .toBe(true);
    const before = await mediaStats(tv);
    await sleep(8_000);
    const after = await mediaStats(tv);
    expect(after.audioPackets).toBeGreaterThan(before.audioPackets);
  }, 150_000);
});
