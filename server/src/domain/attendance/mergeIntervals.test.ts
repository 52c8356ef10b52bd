import { describe, expect, it } from 'vitest';
import { intersectSpans, mergeIntervals, unionSpans } from './mergeIntervals.js';

const S = 1000;

describe('mergeIntervals', () => {
  it('merges a reconnect within the grace into one interval and counts it as a reconnect', () => {
    const r = mergeIntervals(
      [
        { start: 0, end: 100 * S },
        { start: 130 * S, end: 200 * S },
      ],
      { graceMs: 60 * S, now: 1000 * S },
    );
    expect(r.intervals).toEqual([{ start: 0, end: 200 * S }]);
    expect(r.connectedMs).toBe(170 * S);
    expect(r.presentMs).toBe(200 * S);
    expect(r.reconnects).toBe(1);
  });

  it('keeps a gap longer than the grace as two intervals; the grace boundary itself merges', () => {
    const longGap = mergeIntervals(
      [
        { start: 0, end: 100 * S },
        { start: 161 * S, end: 200 * S },
      ],
      { graceMs: 60 * S, now: 1000 * S },
    );
    expect(longGap.intervals).toHaveLength(2);
    expect(longGap.presentMs).toBe(139 * S);
    expect(longGap.reconnects).toBe(1);
    const atGrace = mergeIntervals(
      [
        { start: 0, end: 100 * S },
        { start: 160 * S, end: 200 * S },
      ],
      { graceMs: 60 * S, now: 1000 * S },
    );
    expect(atGrace.intervals).toEqual([{ start: 0, end: 200 * S }]);
  });

  it('counts two screens of one endpoint once and not as a reconnect', () => {
    const r = mergeIntervals(
      [
        { start: 0, end: 100 * S },
        { start: 50 * S, end: 150 * S },
        { start: 60 * S, end: 70 * S },
      ],
      { graceMs: 0, now: 1000 * S },
    );
    expect(r.intervals).toEqual([{ start: 0, end: 150 * S }]);
    expect(r.connectedMs).toBe(150 * S);
    expect(r.reconnects).toBe(0);
  });

  it('runs open intervals until now, cuts to the session window, accepts unsorted input', () => {
    const r = mergeIntervals(
      [
        { start: 500 * S, end: null },
        { start: -100 * S, end: 50 * S },
      ],
      { graceMs: 10 * S, now: 900 * S, window: { start: 0, end: 800 * S } },
    );
    expect(r.intervals).toEqual([
      { start: 0, end: 50 * S },
      { start: 500 * S, end: 800 * S },
    ]);
    expect(r.connectedMs).toBe(350 * S);
  });

  it('handles nothing at all, and zero-length rows', () => {
    expect(mergeIntervals([], { graceMs: 60 * S, now: 0 })).toEqual({
      intervals: [],
      connectedMs: 0,
      presentMs: 0,
      reconnects: 0,
    });
    expect(mergeIntervals([{ start: 5, end: 5 }], { graceMs: 60 * S, now: 10 }).reconnects).toBe(0);
  });
});

describe('span helpers', () => {
  it('unions touching spans and intersects two unions', () => {
    expect(
      unionSpans([
        { start: 10, end: 20 },
        { start: 0, end: 10 },
      ]),
    ).toEqual([{ start: 0, end: 20 }]);
    expect(
      intersectSpans(
        [
          { start: 0, end: 10 },
          { start: 20, end: 30 },
        ],
        [{ start: 5, end: 25 }],
      ),
    ).toEqual([
      { start: 5, end: 10 },
      { start: 20, end: 25 },
    ]);
  });
});
