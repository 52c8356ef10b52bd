import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  currentLayer,
  phaseFigures,
  receiverSamples,
  recordFieldFigures,
  summarise,
  type ReceiverSample,
} from '../support/field/index.js';
import { holdsWithin, sleep, startFieldStage, type FieldStage } from '../support/fieldStage.js';

const TOP_LAYER = 720;
/** The bounds: a lower layer within 10 s of the fall, the top layer back within 30 s of the recovery. */
const DOWN_MS = 10_000;
const UP_MS = 30_000;
/** How long the link stays weak. */
const WEAK_MS = 20_000;

/** Epoch ms of the first sample at or after `since` decoding frames of a height matching `wanted`. */
function firstLayer(
  samples: readonly ReceiverSample[],
  since: number,
  wanted: (h: number) => boolean,
): number | undefined {
  return samples.find((s) => s.at >= since && s.video.frameHeight > 0 && wanted(s.video.frameHeight))?.at;
}

/** Issue #13, scenario 2: the commune's link falls from 4 Mbit/s to 400 kbit/s mid-session, then recovers. */
describe('field scenario 2: 4 Mbit/s → 400 kbit/s → 4 Mbit/s', () => {
  let stage: FieldStage;

  beforeAll(async () => {
    stage = await startFieldStage({ rateKbit: 4000, delayMs: 20 });
  });
  afterAll(async () => stage?.close());

  it('a lower layer within 10 s of the fall with continuous audio; the top layer back within 30 s of the recovery', async () => {
    const { tv, link } = stage;
    await stage.goLive();
    await stage.openTv();
    expect(await holdsWithin(async () => (await currentLayer(tv)) === TOP_LAYER, 30_000)).toBe(true);
    const topFrom = Date.now();
    await sleep(5_000);

    await link.set({ rateKbit: 400 });
    const fellAt = Date.now();
    const wentDown = await holdsWithin(async () => (await currentLayer(tv)) < TOP_LAYER, DOWN_MS);
    await sleep(Math.max(0, fellAt + WEAK_MS - Date.now()));
    const weak = summarise(await receiverSamples(tv, fellAt));

    await link.set({ rateKbit: 4000 });
    const recoveredAt = Date.now();
    const cameBack = await holdsWithin(async () => (await currentLayer(tv)) === TOP_LAYER, UP_MS);
    // A few seconds on the top layer again, for the figures.
    await sleep(8_000);
    const samples = await receiverSamples(tv, topFrom);
    const lowerAt = firstLayer(samples, fellAt, (h) => h < TOP_LAYER);
    const topAt = firstLayer(samples, recoveredAt, (h) => h === TOP_LAYER);
    const whole = summarise(samples);
    recordFieldFigures({
      scenario: '2: rate falls',
      link: `4 Mbit/s → 400 kbit/s (${WEAK_MS / 1000} s) → 4 Mbit/s each way, 40 ms round trip`,
      phases: [
        phaseFigures('at 4 Mbit/s', summarise(samples.filter((s) => s.at < fellAt))),
        phaseFigures('at 400 kbit/s', weak),
        ...(topAt ? [phaseFigures('back at 4 Mbit/s', summarise(samples.filter((s) => s.at >= topAt)))] : []),
      ],
      recovery: {
        'lower layer after the fall': wentDown && lowerAt ? lowerAt - fellAt : null,
        'top layer after the recovery': cameBack && topAt ? topAt - recoveredAt : null,
      },
    });

    expect(wentDown).toBe(true);
    // Audio carried on while the link was weak, and over the whole session.
    expect(weak.longestAudioGapMs).toBeLessThanOrEqual(1_000);
    expect(whole.longestAudioGapMs).toBeLessThanOrEqual(1_000);
    expect(cameBack).toBe(true);
  }, 120_000);
});
