import { describe, expect, it } from 'vitest';
import { meetsAttendanceThreshold, memberAttended, memberPresentMs, sessionWindow } from './rules.js';

const MIN = 60_000;

describe('the attendance rule (default 80 %)', () => {
  it('counts exactly 80 % as attended and one millisecond less as not', () => {
    expect(meetsAttendanceThreshold(80 * MIN, 100 * MIN)).toBe(true);
    expect(meetsAttendanceThreshold(80 * MIN - 1, 100 * MIN)).toBe(false);
    expect(meetsAttendanceThreshold(100 * MIN, 100 * MIN)).toBe(true);
  });

  it('is exact at awkward thresholds and durations (no float error at the boundary)', () => {
    // 0.7 × 3 h = 7,560,000 ms.
    expect(meetsAttendanceThreshold(7_560_000, 3 * 60 * MIN, 0.7)).toBe(true);
    expect(meetsAttendanceThreshold(7_559_999, 3 * 60 * MIN, 0.7)).toBe(false);
    expect(meetsAttendanceThreshold(1, 1, 1)).toBe(true);
  });

  it('gives no attendance for a session of no duration', () => {
    expect(meetsAttendanceThreshold(0, 0)).toBe(false);
  });

  it('computes a member presence from check-ins inside the window, moves being continuous', () => {
    const window = sessionWindow('2030-01-01T00:00:00.000Z', '2030-01-01T01:40:00.000Z', 0);
    expect(window).toBeDefined();
    const t0 = Date.parse('2030-01-01T00:00:00.000Z');
    const checkins = [
      // Checked in before the start: counts from the start.
      { endpointId: 'a', checkedInAt: t0 - 10 * MIN, checkedOutAt: t0 + 50 * MIN },
      { endpointId: 'b', checkedInAt: t0 + 50 * MIN, checkedOutAt: t0 + 80 * MIN },
    ];
    expect(memberPresentMs(checkins, window!, t0 + 200 * MIN)).toBe(80 * MIN);
    expect(memberAttended(checkins, window, 0.8, t0 + 200 * MIN)).toBe(true);
    expect(memberAttended(checkins.slice(0, 1), window, 0.8, t0 + 200 * MIN)).toBe(false);
  });

  it('counts a check-in only while its endpoint was connected when endpoint presence is given', () => {
    const window = { start: 0, end: 100 * MIN };
    const checkins = [{ endpointId: 'a', checkedInAt: 0, checkedOutAt: null }];
    const presence = new Map([['a', [{ start: 0, end: 70 * MIN }]]]);
    expect(memberPresentMs(checkins, window, 100 * MIN, presence)).toBe(70 * MIN);
    expect(memberAttended(checkins, window, 0.8, 100 * MIN, presence)).toBe(false);
    expect(memberAttended(checkins, window, 0.8, 100 * MIN)).toBe(true);
  });

  it('has no window before the session starts', () => {
    expect(sessionWindow(null, null, 0)).toBeUndefined();
  });
});
