import { describe, expect, it } from 'vitest';
import { addWatched, creditSince, meetsShare, parseWatched, watchedJson, type PlaybackBeat } from './crediting.js';

const rules = { durationMs: 60_000, maxRate: 1.5 };
const beat = (positionMs: number, atMs: number, over: Partial<PlaybackBeat> = {}): PlaybackBeat => ({
  seq: 0,
  positionMs,
  atMs,
  playing: true,
  rate: 1,
  ...over,
});

describe('make-up crediting', () => {
  it('credits the span played forward at normal speed', () => {
    expect(creditSince(beat(10_000, 0), { positionMs: 15_000 }, 5_000, rules)).toEqual({
      span: { start: 10_000, end: 15_000 },
      refused: null,
    });
  });

  it('nothing before the first beat, nor while paused', () => {
    expect(creditSince(null, { positionMs: 5_000 }, 5_000, rules)).toEqual({ span: null, refused: null });
    expect(creditSince(beat(0, 0, { playing: false }), { positionMs: 5_000 }, 5_000, rules).refused).toBe(
      'not_playing',
    );
  });

  it('a seek ahead is not credited: the position ran ahead of the wall clock', () => {
    expect(creditSince(beat(10_000, 0), { positionMs: 50_000 }, 1_000, rules)).toEqual({
      span: null,
      refused: 'skipped',
    });
    // A forged position that claims more than elapsed time allows: same.
    expect(creditSince(beat(0, 0), { positionMs: 30_000 }, 20_000, rules).refused).toBe('skipped');
  });

  it('a seek back credits nothing; the clock slack tolerates a beat arriving early', () => {
    expect(creditSince(beat(30_000, 0), { positionMs: 10_000 }, 5_000, rules).refused).toBe('skipped');
    // Within the slack it is play, not a seek, but only the wall time's worth is credited.
    expect(creditSince(beat(0, 0), { positionMs: 5_000 }, 4_000, rules)).toEqual({
      span: { start: 0, end: 4_000 },
      refused: null,
    });
  });

  it('a client beating often cannot gain the slack on every beat', () => {
    let previous = beat(0, 0);
    let spans: { start: number; end: number }[] = [];
    for (let i = 1; i <= 100; i++) {
      const next = { positionMs: previous.positionMs + 1_600 };
      const credit = creditSince(previous, next, i * 100, rules);
      spans = addWatched(spans, credit.span).spans;
      previous = beat(next.positionMs, i * 100);
    }
    // 10 s of wall time at 1× credits 10 s (it claimed 160 s).
    expect(addWatched(spans, null).watchedMs).toBeLessThanOrEqual(10_000);
  });

  it('faster than the limit does not count; at the limit it does, bounded by wall time × rate', () => {
    expect(creditSince(beat(0, 0, { rate: 2 }), { positionMs: 10_000 }, 5_000, rules).refused).toBe('too_fast');
    expect(creditSince(beat(0, 0, { rate: 1.5 }), { positionMs: 7_500 }, 5_000, rules).span).toEqual({
      start: 0,
      end: 7_500,
    });
  });

  it('is cut to the recording', () => {
    expect(creditSince(beat(58_000, 0), { positionMs: 62_000 }, 4_000, rules).span).toEqual({
      start: 58_000,
      end: 60_000,
    });
  });

  it('watching a part twice counts once, and the share boundary is exact', () => {
    let { spans, watchedMs } = addWatched([], { start: 0, end: 30_000 });
    ({ spans, watchedMs } = addWatched(spans, { start: 10_000, end: 20_000 }));
    expect(watchedMs).toBe(30_000);
    ({ spans, watchedMs } = addWatched(spans, { start: 40_000, end: 48_000 }));
    expect(watchedMs).toBe(38_000);
    expect(meetsShare(48_000, 60_000, 0.8)).toBe(true);
    expect(meetsShare(47_999, 60_000, 0.8)).toBe(false);
    expect(parseWatched(watchedJson(spans))).toEqual(spans);
  });

  it('reads damaged stored spans as nothing watched', () => {
    expect(parseWatched('not json')).toEqual([]);
    expect(parseWatched('[[5, 1], ["a", 2], [1, 3]]')).toEqual([{ start: 1, end: 3 }]);
  });
});
