import { performance } from 'node:perf_hooks';
import { enrolmentFigures, type EnrolmentFigures } from '../lib/enrolMembers.js';
import { Hall, SOCKETS_PER_PROCESS, type ArrivalSummary, type BurstSummary } from './hall.js';
import type { TargetName } from './target.js';

export { SOCKETS_PER_PROCESS };

/**
 * Endpoints the members are spread over (member i checks in at endpoint i mod N). Default 1 (the
 * whole audience in one room, the worst case for one emit); a provincial conference has ~100–300
 * commune halls: `BENCH_QUIZ_ENDPOINTS=100 npm run bench:quiz …`.
 */
function endpointCount(): number {
  const n = Number(process.env.BENCH_QUIZ_ENDPOINTS ?? '1');
  return Number.isInteger(n) && n >= 1 && n <= 1000 ? n : 1;
}

export interface QuizOptions {
  target: TargetName;
  /** Member counts to step through, ascending. */
  steps: number[];
  /** Platform node processes sharing Redis (each ≤ 15,000 sockets). */
  nodes: number;
  /** Member load processes (each ≤ 15,000 sockets). */
  loadProcesses: number;
  /** Every member answers at a random moment within this window after the question. */
  windowMs: number;
  /** New connections per second, all load processes together. */
  connectRate: number;
  ackTimeoutMs: number;
  /** Stop stepping after this long (the step under way finishes). */
  maxRunMs: number;
  log?: (line: string) => void;
}

export interface QuizStep extends BurstSummary {
  members: number;
  connected: number;
  connectFailures: number;
  /** Connection attempts refused once and tried again (a phone reconnects by itself). */
  connectRetries: number;
  connectErrors: Record<string, number>;
  /** This step's arrivals: PIN sign-in, join and check-in figures (quiz target). */
  arrival: ArrivalSummary;
  ok: boolean;
  reason: string;
}

export interface QuizResult {
  options: Omit<QuizOptions, 'log'>;
  target: { name: string; description: string };
  /** Members enrolled and PINs issued before the first step (quiz target). */
  enrolment: EnrolmentFigures | null;
  steps: QuizStep[];
  largestOk: number;
  stoppedBecause: string;
}

/** Runs answer bursts at each step, adding members between steps, on platform nodes in child processes. */
export async function runQuiz(o: QuizOptions): Promise<QuizResult> {
  const log = o.log ?? (() => undefined);
  const started = performance.now();
  const maxMembers = o.steps.at(-1) ?? 0;
  const loadProcesses = Math.max(o.loadProcesses, Math.ceil(maxMembers / SOCKETS_PER_PROCESS));
  const nodeCount = Math.max(o.nodes, Math.ceil(maxMembers / SOCKETS_PER_PROCESS));
  const hall = await Hall.start({ target: o.target, nodes: nodeCount, loadProcesses });
  const steps: QuizStep[] = [];
  let stoppedBecause = 'all steps done';
  try {
    await hall.prepare(maxMembers, endpointCount(), log);
    const connectTotals = { failed: 0, retried: 0, errors: {} as Record<string, number> };
    for (const [round, m] of o.steps.entries()) {
      if (performance.now() - started > o.maxRunMs) {
        stoppedBecause = `time limit (${Math.round(o.maxRunMs / 1000)} s) reached`;
        break;
      }
      const arrival = await hall.arrive(m, o.connectRate);
      connectTotals.failed += arrival.failed;
      connectTotals.retried += arrival.connectRetries;
      for (const [k, v] of Object.entries(arrival.errors)) connectTotals.errors[k] = (connectTotals.errors[k] ?? 0) + v;
      const b = await hall.burst({ round, windowMs: o.windowMs, ackTimeoutMs: o.ackTimeoutMs });
      const step: QuizStep = {
        members: m,
        connected: arrival.connected,
        connectFailures: connectTotals.failed,
        connectRetries: connectTotals.retried,
        connectErrors: { ...connectTotals.errors },
        arrival,
        ...b,
        ok: false,
        reason: '',
      };
      const problems: string[] = [];
      if (step.connected < m) problems.push(`${m - step.connected} members not connected`);
      if (hall.target.credentials === 'pin' && arrival.checkedIn < m - (steps.at(-1)?.members ?? 0))
        problems.push(`${m - (steps.at(-1)?.members ?? 0) - arrival.checkedIn} members not checked in`);
      if (step.questionsReceived < step.connected)
        problems.push(`${step.connected - step.questionsReceived} missed the question`);
      if (step.acked < step.sent) problems.push(`${step.sent - step.acked} answers not acknowledged`);
      if (step.stored !== null && step.stored !== step.acked)
        problems.push(`stored ${step.stored} ≠ acknowledged ${step.acked}`);
      step.ok = problems.length === 0;
      step.reason = problems.join('; ') || 'ok';
      steps.push(step);
      log(formatQuizLine(step));
      if (!step.ok) {
        stoppedBecause = `M=${m}: ${step.reason}`;
        break;
      }
    }
    return {
      options: {
        target: o.target,
        steps: o.steps,
        nodes: nodeCount,
        loadProcesses,
        windowMs: o.windowMs,
        connectRate: o.connectRate,
        ackTimeoutMs: o.ackTimeoutMs,
        maxRunMs: o.maxRunMs,
      },
      target: { name: hall.target.name, description: hall.target.description },
      enrolment: hall.enrolment ? enrolmentFigures(hall.enrolment) : null,
      steps,
      largestOk: steps.filter((s) => s.ok).reduce((a, s) => Math.max(a, s.members), 0),
      stoppedBecause,
    };
  } finally {
    await hall.close();
  }
}

export function formatQuizLine(s: QuizStep): string {
  const l = s.ackLatencyMs;
  return `M=${s.members} connected=${s.connected} retried=${s.connectRetries} sent=${s.sent} acked=${s.acked} stored=${s.stored ?? 'n/a'} ack ms p50/p95/p99=${l.median}/${l.p95}/${l.p99} push p99=${s.pushDelayMs.p99} ms serverCPU=${s.serverCpu.toFixed(0)}% ${s.ok ? 'ok' : `FAILED (${s.reason})`}`;
}
