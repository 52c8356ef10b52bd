import { intersectSpans, toSpans, totalMs, unionSpans, type RawInterval, type Span } from './mergeIntervals.js';

/** One stored check-in of a member, in epoch ms (`checkedOutAt` null while checked in). */
export interface CheckinSpan {
  endpointId: string;
  checkedInAt: number;
  checkedOutAt: number | null;
}

/** Default share of the session a member must be present for to count as attended. */
export const DEFAULT_ATTENDANCE_THRESHOLD = 0.8;

/**
 * The attendance rule: present for at least `threshold` of the session's duration. Compared in
 * integers (threshold in millionths) so exactly the boundary counts as attended, free of float error.
 * A session of no duration has no attendance.
 */
export function meetsAttendanceThreshold(
  presentMs: number,
  durationMs: number,
  threshold = DEFAULT_ATTENDANCE_THRESHOLD,
): boolean {
  if (!(durationMs > 0)) return false;
  return presentMs * 1_000_000 >= Math.round(threshold * 1_000_000) * durationMs;
}

/** The session's window: started_at → ended_at (or `now` while live); undefined before it starts. */
export function sessionWindow(startedAt: string | null, endedAt: string | null, now: number): Span | undefined {
  if (!startedAt) return undefined;
  const start = Date.parse(startedAt);
  const end = endedAt ? Date.parse(endedAt) : now;
  return end > start ? { start, end } : undefined;
}

/**
 * A member's presence in the session: the union of their check-ins (a move between endpoints is
 * continuous), inside the session's window. When `endpointPresence` (each endpoint's merged
 * intervals, see mergeIntervals) is given, a check-in counts only while its endpoint was connected:
 * members in a hall whose link was down were not following the conference.
 */
export function memberPresentMs(
  checkins: readonly CheckinSpan[],
  window: Span,
  now: number,
  endpointPresence?: ReadonlyMap<string, readonly Span[]>,
): number {
  const spans: Span[] = [];
  for (const c of checkins) {
    const own = toSpans([{ start: c.checkedInAt, end: c.checkedOutAt } satisfies RawInterval], now, window);
    const endpoint = endpointPresence?.get(c.endpointId);
    spans.push(...(endpointPresence ? intersectSpans(own, endpoint ?? []) : own));
  }
  return totalMs(unionSpans(spans));
}

/** Whether a member attended: presence ≥ threshold × the session's duration. */
export function memberAttended(
  checkins: readonly CheckinSpan[],
  window: Span | undefined,
  threshold: number,
  now: number,
  endpointPresence?: ReadonlyMap<string, readonly Span[]>,
): boolean {
  if (!window) return false;
  return meetsAttendanceThreshold(
    memberPresentMs(checkins, window, now, endpointPresence),
    window.end - window.start,
    threshold,
  );
}
