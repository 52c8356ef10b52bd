import type { ProvinceResult } from './runProvince.js';

/** The issue's targets on this box (docs/BENCHMARKS.md); figures, not timed tests. */
export const TARGETS = {
  ackP99Ms: 300,
  pushP99Ms: 500,
  mediaLoss: 0.01,
  arrivalLagP99Ms: 50,
  /** Answer ack p99 at most this many times the bare Socket.IO burst's in the same run. */
  signalingFactor: 2,
} as const;

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export interface Verdict {
  ok: boolean;
  /** Members checked in (the size the figures were reached at) of those asked for. */
  reached: number;
  asked: number;
  checks: Check[];
  line: string;
}

/** Every target of the issue checked against the run's figures, and one line saying what was reached. */
export function provinceVerdict(r: Omit<ProvinceResult, 'verdict'>, asked: number, cores: number): Verdict {
  const checks: Check[] = [];
  const add = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });
  const reached = r.arrival.checkedIn;
  add(
    'every member checked in',
    reached === asked,
    `${reached} of ${asked} (not started ${r.arrival.notStarted}, failed ${r.arrival.failed})`,
  );
  for (const q of r.questions) {
    add(
      `q${q.round} stored = sent`,
      q.stored === q.sent && q.sent === q.acked && q.sent > 0,
      `sent ${q.sent}, acked ${q.acked}, stored ${q.stored}`,
    );
    add(`q${q.round} every checked-in member answered`, q.sent >= reached, `${q.sent} of ${reached}`);
    add(
      `q${q.round} ack p99 < ${TARGETS.ackP99Ms} ms`,
      q.ackLatencyMs.p99 < TARGETS.ackP99Ms,
      `${q.ackLatencyMs.p99} ms`,
    );
    add(
      `q${q.round} push p99 < ${TARGETS.pushP99Ms} ms`,
      q.pushDelayMs.p99 < TARGETS.pushP99Ms,
      `${q.pushDelayMs.p99} ms`,
    );
    const bare = r.signaling.ackLatencyMs.p99;
    add(
      `q${q.round} ack p99 ≤ ${TARGETS.signalingFactor}× bare Socket.IO`,
      q.ackLatencyMs.p99 <= TARGETS.signalingFactor * bare,
      `${q.ackLatencyMs.p99} ms vs ${bare} ms`,
    );
  }
  const bursts = r.phases.filter((p) => p.phase.startsWith('question'));
  const worst = Math.max(0, ...bursts.map((p) => p.media.maxLoss));
  add(
    `media loss < ${TARGETS.mediaLoss * 100} % on every endpoint during the bursts`,
    bursts.length > 0 && worst < TARGETS.mediaLoss && bursts.every((p) => p.media.windows > 0),
    `worst endpoint ${(worst * 100).toFixed(2)} %`,
  );
  const arrivalLag = r.lag.find((l) => l.phase === 'arrival');
  const lagP99 = Math.max(0, ...(arrivalLag?.nodes.map((n) => n.p99) ?? [Number.POSITIVE_INFINITY]));
  add(
    `event-loop lag p99 < ${TARGETS.arrivalLagP99Ms} ms during arrivals (every node)`,
    lagP99 < TARGETS.arrivalLagP99Ms,
    `${lagP99} ms`,
  );
  const failed = checks.filter((c) => !c.ok);
  const ok = failed.length === 0;
  const size = `${reached.toLocaleString('en-US')} of ${asked.toLocaleString('en-US')} members checked in, ${r.options.endpoints} endpoints, ${cores} cores, ${r.seconds.toFixed(0)} s`;
  const line = ok
    ? `verdict: every target met — ${size}`
    : `verdict: NOT MET — ${size}; missed: ${failed.map((c) => `${c.name} (${c.detail})`).join('; ')}`;
  return { ok, reached, asked, checks, line };
}
