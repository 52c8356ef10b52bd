import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_MS, phaseFigures, receiverSamples, recordFieldFigures, summarise } from '../support/field/index.js';
import { sleep, startFieldStage, type FieldStage } from '../support/fieldStage.js';

const WATCH_MS = 30_000;
const TOP_LAYER = 720;

/** Issue #13, scenario 1: a poor commune link from the start of the session. */
describe('field scenario 1: 1 Mbit/s, 5 % loss, 200 ms round trip', () => {
  let stage: FieldStage;

  beforeAll(async () => {
    // 100 ms each way: a 200 ms round trip.
    stage = await startFieldStage({ rateKbit: 1000, lossPercent: 5, delayMs: 100 });
  });
  afterAll(async () => stage?.close());

  it('the endpoint keeps a picture (a lower layer, frames every second) and audio without a gap over 1 s', async () => {
    const { tv } = stage;
    await stage.goLive();
    await stage.openTv();
    // Let the bandwidth estimate settle on the link, then watch.
    await sleep(5_000);
    const from = Date.now();
    await sleep(WATCH_MS);
    const samples = await receiverSamples(tv, from);
    const s = summarise(samples);
    recordFieldFigures({
      scenario: '1: poor link',
      link: '1 Mbit/s each way, 5 % loss each way, 200 ms round trip',
      phases: [phaseFigures(`${WATCH_MS / 1000} s after settling`, s)],
      recovery: {},
    });

    // The link is what it claims: the round trip ICE measures includes the delay.
    expect(s.roundTripMs).toBeGreaterThanOrEqual(200);
    // A picture throughout: new frames at least every second (at the sampler's resolution).
    expect(s.longestVideoStallMs).toBeLessThanOrEqual(1_000 + SAMPLE_MS);
    // Through a lower layer than the top one, which does not fit in 1 Mbit/s with loss.
    expect(s.layers[0]!.height).toBeGreaterThan(0);
    expect(s.layers[0]!.height).toBeLessThan(TOP_LAYER);
    // Audio without a gap longer than 1 s.
    expect(s.longestAudioGapMs).toBeLessThanOrEqual(1_000);
  }, 90_000);
});
