/** A connection interval in epoch ms; `end` null while still open. */
export interface RawInterval {
  start: number;
  end: number | null;
}

/** A closed span in epoch ms (end exclusive). */
export interface Span {
  start: number;
  end: number;
}

export interface MergedAttendance {
  /** Presence: the union of intervals, with gaps shorter than or equal to the grace merged away. */
  intervals: Span[];
  /** Time actually connected: the union of the raw intervals (several screens count once). */
  connectedMs: number;
  /** Time present: like connectedMs, but gaps within the grace count as present. */
  presentMs: number;
  /** Times the endpoint came back after every screen had gone (each gap, merged or not). */
  reconnects: number;
}

/** Closes open intervals at `now` and cuts everything to `window` (when given); empty spans dropped. */
export function toSpans(raw: readonly RawInterval[], now: number, window?: Span): Span[] {
  const out: Span[] = [];
  for (const r of raw) {
    let start = r.start;
    let end = r.end ?? now;
    if (window) {
      start = Math.max(start, window.start);
      end = Math.min(end, window.end);
    }
    if (end > start) out.push({ start, end });
  }
  return out;
}

/** Union of spans: sorted, overlapping and touching spans merged, and gaps up to `gapMs` bridged. */
export function unionSpans(spans: readonly Span[], gapMs = 0): Span[] {
  const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out.at(-1);
    if (last && s.start - last.end <= gapMs) last.end = Math.max(last.end, s.end);
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}

const total = (spans: readonly Span[]): number => spans.reduce((sum, s) => sum + (s.end - s.start), 0);

/**
 * The computed view of an endpoint's raw connection intervals (one row per screen and connection,
 * kept as evidence): reconnects within `graceMs` merge into one interval; several screens at once
 * count once. Open intervals run until `now`; with `window` (the session's start and end) only the
 * time inside it counts.
 */
export function mergeIntervals(
  raw: readonly RawInterval[],
  options: { graceMs: number; now: number; window?: Span },
): MergedAttendance {
  const spans = toSpans(raw, options.now, options.window);
  const connected = unionSpans(spans);
  const intervals = unionSpans(connected, options.graceMs);
  return {
    intervals,
    connectedMs: total(connected),
    presentMs: total(intervals),
    reconnects: Math.max(0, connected.length - 1),
  };
}

/** Intersection of two span lists, each a union (sorted, disjoint). */
export function intersectSpans(a: readonly Span[], b: readonly Span[]): Span[] {
  const out: Span[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as Span;
    const y = b[j] as Span;
    const start = Math.max(x.start, y.start);
    const end = Math.min(x.end, y.end);
    if (end > start) out.push({ start, end });
    if (x.end < y.end) i++;
    else j++;
  }
  return out;
}

export { total as totalMs };
