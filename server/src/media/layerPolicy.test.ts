import { describe, expect, it } from 'vitest';
import {
  GOOD_SCORE,
  LOWER_AFTER_MS,
  POOR_SCORE,
  RAISE_AFTER_MS,
  effectiveSpatial,
  effectiveTemporal,
  initialCeiling,
  nextCeiling,
  noteLoss,
  noteStarved,
  type LayerCeiling,
} from './layerPolicy.js';

/** Feeds `scores` one per `stepMs` (mediasoup emits a consumer score about once a second). */
function feed(ceiling: LayerCeiling, scores: number[], start = 0, stepMs = 1_000): { layers: number[]; end: number } {
  const layers: number[] = [];
  let now = start;
  for (const score of scores) {
    nextCeiling(ceiling, score, now);
    layers.push(effectiveSpatial(ceiling));
    now += stepMs;
  }
  return { layers, end: now };
}

describe('layerPolicy: automatic layer lowering on a poor score', () => {
  it('keeps the top layer while the score is good', () => {
    const ceiling = initialCeiling();
    expect(feed(ceiling, [10, 10, 9, 10, 8, 10, 10]).layers).toEqual([2, 2, 2, 2, 2, 2, 2]);
  });

  it('lowers one layer after the score stays poor, then another, and never below 0', () => {
    const ceiling = initialCeiling();
    // LOWER_AFTER_MS is 3 s: the 4th poor second lowers, 3 s later it lowers again, then it stays at 0.
    const { layers } = feed(ceiling, [3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3]);
    expect(LOWER_AFTER_MS).toBe(3_000);
    expect(layers).toEqual([2, 2, 2, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
  });

  it('does not lower on a short dip: a fair or good score in between resets the poor streak', () => {
    const ceiling = initialCeiling();
    expect(feed(ceiling, [4, 4, 4, 7, 4, 4, 4, 10, 2, 2, 2]).layers).toEqual([2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2]);
  });

  it('raises one layer only after the score stays good for RAISE_AFTER_MS, up to the client preference', () => {
    const ceiling = initialCeiling();
    const poor = feed(ceiling, [2, 2, 2, 2, 2, 2, 2]);
    expect(effectiveSpatial(ceiling)).toBe(0);
    const seconds = RAISE_AFTER_MS / 1_000;
    const good = feed(
      ceiling,
      Array.from({ length: 2 * seconds + 5 }, () => 10),
      poor.end,
    );
    // Sample n is at n seconds: first raise at `seconds`, second at 2 × `seconds`, then capped at 2.
    expect(good.layers.slice(0, seconds)).toEqual(Array.from({ length: seconds }, () => 0));
    expect(good.layers[seconds]).toBe(1);
    expect(good.layers[2 * seconds - 1]).toBe(1);
    expect(good.layers[2 * seconds]).toBe(2);
    expect(good.layers.at(-1)).toBe(2);
  });

  it('a middling score (between poor and good) neither lowers nor raises', () => {
    const ceiling = initialCeiling();
    feed(ceiling, [1, 1, 1, 1]);
    expect(effectiveSpatial(ceiling)).toBe(1);
    const middling = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? POOR_SCORE : GOOD_SCORE - 1));
    expect(new Set(feed(ceiling, middling, 10_000).layers)).toEqual(new Set([1]));
  });

  it('a good streak broken by a middling score starts again', () => {
    const ceiling = initialCeiling();
    feed(ceiling, [0, 0, 0, 0]);
    const seconds = RAISE_AFTER_MS / 1_000;
    const almost = Array.from({ length: seconds - 1 }, () => 10);
    const { layers } = feed(ceiling, [...almost, 6, ...almost, 10], 10_000);
    expect(layers.every((l) => l === 1)).toBe(true);
  });

  it('never raises above what the client asked for, and the client preference caps the layer sent', () => {
    const ceiling = initialCeiling(1);
    expect(
      feed(
        ceiling,
        Array.from({ length: 40 }, () => 10),
      ).layers.every((l) => l === 1),
    ).toBe(true);
    ceiling.autoSpatial = 2;
    expect(effectiveSpatial(ceiling)).toBe(1);
  });

  it('reports whether the ceiling moved', () => {
    const ceiling = initialCeiling();
    expect(nextCeiling(ceiling, 2, 0)).toBe(false);
    expect(nextCeiling(ceiling, 2, LOWER_AFTER_MS)).toBe(true);
    expect(nextCeiling(ceiling, 2, LOWER_AFTER_MS + 1)).toBe(false);
  });

  it('marks the link weak when the score stays poor at the lowest layer, and cuts video to its base frame rate', () => {
    const ceiling = initialCeiling();
    // Layer 0 at 6 s, then 3 s more of poor scores: weak.
    const poor = feed(
      ceiling,
      Array.from({ length: 10 }, () => 2),
    );
    expect(effectiveSpatial(ceiling)).toBe(0);
    expect(ceiling.weak).toBe(true);
    expect(effectiveTemporal(ceiling)).toBe(0);
    // A good spell of LOWER_AFTER_MS ends it first; the spatial layer climbs only RAISE_AFTER_MS later.
    const good = feed(
      ceiling,
      Array.from({ length: LOWER_AFTER_MS / 1_000 + 1 }, () => 10),
      poor.end,
    );
    expect(ceiling.weak).toBe(false);
    expect(effectiveTemporal(ceiling)).toBe(2);
    expect(effectiveSpatial(ceiling)).toBe(0);
    feed(
      ceiling,
      Array.from({ length: RAISE_AFTER_MS / 1_000 + 1 }, () => 10),
      good.end,
    );
    expect(effectiveSpatial(ceiling)).toBe(1);
  });

  it('brings the top layer back within 30 s of a weak link recovering', () => {
    const ceiling = initialCeiling();
    const poor = feed(
      ceiling,
      Array.from({ length: 12 }, () => 1),
    );
    expect(ceiling.weak).toBe(true);
    const { layers } = feed(
      ceiling,
      Array.from({ length: 30 }, () => 10),
      poor.end,
    );
    expect(layers.at(-1)).toBe(2);
  });

  it('caps the picture at the middle layer while the receiver reports loss, and frees it once clean for RAISE_AFTER_MS', () => {
    const ceiling = initialCeiling();
    // NACK keeps the score at 10 on a lossy link; the loss alone lowers the layer.
    nextCeiling(ceiling, 10, 0);
    let now = 0;
    const report = (fraction: number, times: number) => {
      for (let i = 0; i < times; i++) noteLoss(ceiling, fraction, (now += 2_000));
    };
    report(0.01, 5);
    expect(effectiveSpatial(ceiling)).toBe(2);
    report(0.06, 2);
    expect(ceiling.lossy).toBe(true);
    expect(effectiveSpatial(ceiling)).toBe(1);
    // More loss does not push it below the middle layer.
    report(0.2, 10);
    expect(effectiveSpatial(ceiling)).toBe(1);
    // Clean reports again: RAISE_AFTER_MS after the first of them the cap goes (a lossy one resets it).
    // Reports come every 2 s, the first clean one at 0 s: the cap goes with the one at RAISE_AFTER_MS or later.
    const cleanReportsToFree = Math.ceil(RAISE_AFTER_MS / 2_000) + 1;
    report(0, cleanReportsToFree - 1);
    report(0.05, 1);
    report(0, cleanReportsToFree - 1);
    expect(ceiling.lossy).toBe(true);
    report(0, 1);
    expect(ceiling.lossy).toBe(false);
    expect(effectiveSpatial(ceiling)).toBe(2);
  });

  it('marks the link weak when no layer at all is forwarded for LOWER_AFTER_MS, and not weak once the picture is back', () => {
    const ceiling = initialCeiling();
    // mediasoup stops a stream whose lowest layer does not fit; nothing is sent, so the score stays 10.
    expect(noteStarved(ceiling, true, 0)).toBe(false);
    nextCeiling(ceiling, 10, 1_000);
    expect(noteStarved(ceiling, true, LOWER_AFTER_MS)).toBe(true);
    expect(ceiling.weak).toBe(true);
    // A good score while starved does not end it.
    feed(
      ceiling,
      Array.from({ length: 6 }, () => 10),
      LOWER_AFTER_MS + 1_000,
    );
    expect(ceiling.weak).toBe(true);
    expect(noteStarved(ceiling, false, 20_000)).toBe(true);
    expect(ceiling.weak).toBe(false);
  });
});
