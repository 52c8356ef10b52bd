import type { StudyHeartbeat } from '@diem-cau/shared';
import { totalMs, unionSpans, type Span } from '../attendance/index.js';

/** The last accepted heartbeat of a playback, with the server's time of its arrival. */
export interface PlaybackBeat {
  seq: number;
  positionMs: number;
  atMs: number;
  playing: boolean;
  rate: number;
}

export interface CreditRules {
  durationMs: number;
  maxRate: number;
}

/**
 * Media time may run this much ahead of wall time × rate between two beats (a beat's own trip and
 * the player's clock): more is a seek, never credited.
 */
export const CLOCK_SLACK_MS = 1_500;

export type Refusal = 'skipped' | 'too_fast' | 'not_playing';

export interface BeatCredit {
  /** The media span [start, end) played since the previous beat, if it counts. */
  span: Span | null;
  refused: Refusal | null;
}

/**
 * What the time since the previous beat credits. Only playing forward counts: both beats at a rate
 * within the limit, the previous one playing, the position moved ahead by no more than the wall
 * time elapsed allows at that rate (the previous beat's). A seek ahead (or back) and anything faster credit nothing;
 * the span is cut to the recording.
 */
export function creditSince(
  previous: PlaybackBeat | null,
  beat: Pick<StudyHeartbeat, 'positionMs'>,
  nowMs: number,
  rules: CreditRules,
): BeatCredit {
  if (!previous || !previous.playing) return { span: null, refused: previous ? 'not_playing' : null };
  // The span since the previous beat was played at its rate (a speed change sends a beat at once).
  if (previous.rate > rules.maxRate) return { span: null, refused: 'too_fast' };
  const advanced = beat.positionMs - previous.positionMs;
  if (advanced <= 0) return { span: null, refused: advanced < 0 ? 'skipped' : null };
  const wallMs = Math.max(0, nowMs - previous.atMs);
  if (advanced > wallMs * Math.max(previous.rate, 1) + CLOCK_SLACK_MS) return { span: null, refused: 'skipped' };
  // The slack only tells play from a seek; what is credited is at most the wall time at that rate,
  // or a client beating often could gain the slack on every beat.
  const playedTo = Math.min(beat.positionMs, previous.positionMs + Math.floor(wallMs * Math.max(previous.rate, 1)));
  const start = Math.min(previous.positionMs, rules.durationMs);
  const end = Math.min(playedTo, rules.durationMs);
  return { span: end > start ? { start, end } : null, refused: null };
}

/** The watched spans with one more added: played twice counts once. */
export function addWatched(watched: readonly Span[], span: Span | null): { spans: Span[]; watchedMs: number } {
  const spans = span ? unionSpans([...watched, span]) : [...watched];
  return { spans, watchedMs: totalMs(spans) };
}

/** Completion: watched ≥ share × duration, in integers so exactly the boundary counts. */
export function meetsShare(watchedMs: number, durationMs: number, share: number): boolean {
  return durationMs > 0 && watchedMs * 1_000_000 >= Math.round(share * 1_000_000) * durationMs;
}

/** Stored spans as [[start, end], …]; anything malformed reads as nothing watched rather than a crash. */
export function parseWatched(json: string): Span[] {
  try {
    const raw = JSON.parse(json) as unknown;
    if (!Array.isArray(raw)) return [];
    return raw.flatMap((pair: unknown) =>
      Array.isArray(pair) && typeof pair[0] === 'number' && typeof pair[1] === 'number' && pair[1] > pair[0]
        ? [{ start: pair[0], end: pair[1] }]
        : [],
    );
  } catch {
    return [];
  }
}

export const watchedJson = (spans: readonly Span[]): string => JSON.stringify(spans.map((s) => [s.start, s.end]));
