export interface LatencySummary {
  count: number;
  median: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of an ascending array (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function summarize(values: readonly number[]): LatencySummary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    median: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

/**
 * Latency histogram with fixed 1 ms buckets up to `maxMs` (and one overflow bucket), so load
 * processes can send compact counts instead of every sample and the parent can merge them.
 */
export class LatencyHistogram {
  readonly buckets: number[];
  constructor(readonly maxMs = 30_000) {
    this.buckets = new Array<number>(maxMs + 1).fill(0);
  }

  record(ms: number): void {
    const i = Math.min(this.maxMs, Math.max(0, Math.floor(ms)));
    this.buckets[i]! += 1;
  }

  merge(buckets: readonly number[]): void {
    for (let i = 0; i < Math.min(buckets.length, this.buckets.length); i++) this.buckets[i]! += buckets[i]!;
  }

  /** Non-empty buckets as [ms, count] pairs: compact over IPC. */
  pairs(): [number, number][] {
    return this.buckets.flatMap((n, ms) => (n > 0 ? [[ms, n] as [number, number]] : []));
  }

  /** Adds another histogram's `pairs()`. */
  addPairs(pairs: readonly [number, number][]): void {
    for (const [ms, n] of pairs) this.buckets[Math.min(this.maxMs, ms)]! += n;
  }

  get count(): number {
    return this.buckets.reduce((a, b) => a + b, 0);
  }

  /** Upper edge of the bucket holding the p-th percentile (ms). */
  percentile(p: number): number {
    const total = this.count;
    if (total === 0) return Number.NaN;
    const rank = Math.ceil((p / 100) * total);
    let seen = 0;
    for (let i = 0; i < this.buckets.length; i++) {
      seen += this.buckets[i]!;
      if (seen >= rank) return i + 1;
    }
    return this.maxMs;
  }

  summary(): LatencySummary {
    let max = Number.NaN;
    for (let i = this.buckets.length - 1; i >= 0; i--) {
      if (this.buckets[i]! > 0) {
        max = i + 1;
        break;
      }
    }
    return { count: this.count, median: this.percentile(50), p95: this.percentile(95), p99: this.percentile(99), max };
  }
}
