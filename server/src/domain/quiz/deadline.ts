/**
 * Grace after the deadline for an answer already on its way: the phone's countdown is the server's,
 * corrected by the measured clock offset, so only transit time is forgiven.
 */
export const DEADLINE_GRACE_MS = 250;

export interface RunTimes {
  deadlineMs: number;
  closedMs: number | null;
}

/** Whether an answer received at `nowMs` is in time: not closed by the host, not past the deadline. */
export function answerWindow(run: RunTimes, nowMs: number): 'open' | 'closed' | 'late' {
  if (run.closedMs !== null && run.closedMs <= nowMs) return 'closed';
  if (nowMs > run.deadlineMs + DEADLINE_GRACE_MS) return 'late';
  return 'open';
}

/** The deadline after an extension: later by `seconds`, counted from now if it had already passed. */
export function extendedDeadline(run: RunTimes, nowMs: number, seconds: number): number {
  return Math.max(run.deadlineMs, nowMs) + seconds * 1000;
}
