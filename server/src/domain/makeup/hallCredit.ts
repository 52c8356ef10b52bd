import { mergeIntervals, memberPresentMs, type CheckinSpan, type Span } from '../attendance/index.js';

export interface HallEvidence {
  /** The hall make-up session's window (its start to its end). */
  window: Span;
  endpointId: string;
  /** The holding endpoint's raw connection intervals (epoch ms; end null while open). */
  intervals: { start: number; end: number | null }[];
  /** Members' check-ins at the hall make-up, by member. */
  checkins: Map<string, CheckinSpan[]>;
  graceMs: number;
}

/**
 * Make-up attendance in a hall, by the same evidence as live attendance: a member's check-ins count
 * only while the endpoint was connected (its merged intervals, reconnects within the grace bridged),
 * inside the session's window. Credited when present for `share` of the recording's duration.
 */
export function hallCredits(
  evidence: HallEvidence,
  recordingMs: number,
  share: number,
): Map<string, { presentMs: number; credited: boolean }> {
  const { window, graceMs } = evidence;
  const presence = mergeIntervals(evidence.intervals, { graceMs, now: window.end, window }).intervals;
  // Only the holding endpoint's hall counts: a check-in anywhere else has no presence here.
  const endpointPresence = new Map<string, Span[]>([[evidence.endpointId, presence]]);
  const out = new Map<string, { presentMs: number; credited: boolean }>();
  for (const [memberId, spans] of evidence.checkins) {
    const presentMs = memberPresentMs(spans, window, window.end, endpointPresence);
    const needed = Math.round(share * 1_000_000) * recordingMs;
    out.set(memberId, { presentMs, credited: recordingMs > 0 && presentMs * 1_000_000 >= needed });
  }
  return out;
}
