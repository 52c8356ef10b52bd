import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { LoadChild } from '../lib/childProcess.js';
import { LatencyHistogram, type LatencySummary } from '../lib/stats.js';
import type {
  BurstReport,
  ConnectReport,
  MemberRequest,
  MemberResponse,
  NodeRequest,
  NodeResponse,
} from './protocol.js';
import { loadTarget, type TargetName } from './target.js';

const MEMBER_CHILD = path.join(import.meta.dirname, 'memberProcess.ts');
const NODE_CHILD = path.join(import.meta.dirname, 'nodeProcess.ts');
export const SOCKETS_PER_PROCESS = 15_000;
const SIGN_CHUNK = 5_000;

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

export interface QuizStep {
  members: number;
  connected: number;
  connectFailures: number;
  /** Connection attempts refused once and tried again (a phone reconnects by itself). */
  connectRetries: number;
  connectErrors: Record<string, number>;
  questionsReceived: number;
  sent: number;
  acked: number;
  rejected: Record<string, number>;
  timeouts: number;
  /** Answers the target's store holds for the round; null when the target stores none. */
  stored: number | null;
  ackLatencyMs: LatencySummary;
  pushDelayMs: LatencySummary;
  /** CPU of all platform nodes over the burst, % of one core. */
  serverCpu: number;
  loadCpu: number;
  burstSeconds: number;
  ok: boolean;
  reason: string;
}

export interface QuizResult {
  options: Omit<QuizOptions, 'log'>;
  target: { name: string; description: string };
  steps: QuizStep[];
  largestOk: number;
  stoppedBecause: string;
}

function merge(into: LatencyHistogram, pairs: [number, number][]): void {
  for (const [ms, n] of pairs) into.buckets[Math.min(into.maxMs, ms)]! += n;
}

/** Runs answer bursts at each step, adding members between steps, on platform nodes in child processes. */
export async function runQuiz(o: QuizOptions): Promise<QuizResult> {
  const log = o.log ?? (() => undefined);
  const started = performance.now();
  const target = await loadTarget(o.target);
  const maxMembers = o.steps.at(-1) ?? 0;
  const loadProcesses = Math.max(o.loadProcesses, Math.ceil(maxMembers / SOCKETS_PER_PROCESS));
  const nodeCount = Math.max(o.nodes, Math.ceil(maxMembers / SOCKETS_PER_PROCESS));
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'diemcau-bench-quiz-'));
  const env = {
    ...process.env,
    BENCH_NODE_DATA_DIR: dataDir,
    BENCH_NODE_PREFIX: `bench-${randomUUID().slice(0, 8)}`,
    AUTH_SECRET: randomBytes(32).toString('hex'),
  };
  const nodes = Array.from({ length: nodeCount }, () => new LoadChild<NodeRequest, NodeResponse>(NODE_CHILD, [], env));
  const loaders = Array.from(
    { length: loadProcesses },
    () => new LoadChild<MemberRequest, MemberResponse>(MEMBER_CHILD),
  );
  const steps: QuizStep[] = [];
  let stoppedBecause = 'all steps done';
  try {
    // The first node migrates the shared store; the others start after it.
    const urls = [((await nodes[0]!.request({ op: 'start' })) as { url: string }).url];
    for (const n of nodes.slice(1)) urls.push(((await n.request({ op: 'start' })) as { url: string }).url);
    const { shared } = (await nodes[0]!.request({ op: 'prepare', target: o.target, members: maxMembers })) as {
      shared: Record<string, string>;
    };

    let current = 0;
    const connectTotals = { failed: 0, retried: 0, errors: {} as Record<string, number> };
    for (const [round, m] of o.steps.entries()) {
      if (performance.now() - started > o.maxRunMs) {
        stoppedBecause = `time limit (${Math.round(o.maxRunMs / 1000)} s) reached`;
        break;
      }
      // Connect the members this step adds, split evenly across the load processes.
      const tokens: string[] = [];
      for (let from = current; from < m; from += SIGN_CHUNK) {
        const count = Math.min(SIGN_CHUNK, m - from);
        tokens.push(
          ...((await nodes[0]!.request({ op: 'sign', target: o.target, from, count, shared })) as { tokens: string[] })
            .tokens,
        );
      }
      const per = Math.ceil(tokens.length / loaders.length);
      const connectTimeout = Math.max(60_000, (tokens.length / o.connectRate) * 2000 + 30_000);
      const reports = (await Promise.all(
        loaders.map((l, i) => {
          const slice = tokens.slice(i * per, (i + 1) * per);
          if (slice.length === 0) return Promise.resolve({ connected: 0, failed: 0, errors: {}, sockets: 0 });
          return l.request(
            {
              op: 'connect',
              target: o.target,
              urls,
              tokens: slice,
              firstMember: current + i * per,
              ratePerSecond: o.connectRate / loaders.length,
              shared,
              timeoutMs: 20_000,
            },
            connectTimeout,
          );
        }),
      )) as ConnectReport[];
      for (const r of reports) {
        connectTotals.failed += r.failed;
        connectTotals.retried += r.retried;
        for (const [k, v] of Object.entries(r.errors)) connectTotals.errors[k] = (connectTotals.errors[k] ?? 0) + v;
      }
      current = m;
      const connected = reports.reduce((a, r) => a + r.sockets, 0);

      // One question, every member answers once within the window.
      await Promise.all(nodes.map((n) => n.request({ op: 'cpuMark' })));
      await Promise.all(
        loaders.map((l) => l.request({ op: 'arm', windowMs: o.windowMs, ackTimeoutMs: o.ackTimeoutMs })),
      );
      const t0 = performance.now();
      const { askedAt } = (await nodes[0]!.request({ op: 'ask', target: o.target, round, shared })) as {
        askedAt: number;
      };
      const bursts = (await Promise.all(
        loaders.map((l) =>
          l.request(
            { op: 'collect', askedAt, timeoutMs: o.windowMs + o.ackTimeoutMs + 5_000 },
            o.windowMs + o.ackTimeoutMs + 30_000,
          ),
        ),
      )) as BurstReport[];
      const burstMs = performance.now() - t0;
      const cpu = (await Promise.all(nodes.map((n) => n.request({ op: 'cpuMark' })))) as { cpuMs: number }[];
      const { stored } = (await nodes[0]!.request({ op: 'stored', target: o.target, round, shared })) as {
        stored: number | null;
      };

      const latency = new LatencyHistogram();
      const push = new LatencyHistogram();
      const rejected: Record<string, number> = {};
      for (const b of bursts) {
        merge(latency, b.ackLatency);
        merge(push, b.pushDelay);
        for (const [k, v] of Object.entries(b.rejected)) rejected[k] = (rejected[k] ?? 0) + v;
      }
      const sum = (f: (b: BurstReport) => number): number => bursts.reduce((a, b) => a + f(b), 0);
      const step: QuizStep = {
        members: m,
        connected,
        connectFailures: connectTotals.failed,
        connectRetries: connectTotals.retried,
        connectErrors: { ...connectTotals.errors },
        questionsReceived: sum((b) => b.questionsReceived),
        sent: sum((b) => b.sent),
        acked: sum((b) => b.acked),
        rejected,
        timeouts: sum((b) => b.timeouts),
        stored,
        ackLatencyMs: latency.summary(),
        pushDelayMs: push.summary(),
        serverCpu: (cpu.reduce((a, c) => a + c.cpuMs, 0) / burstMs) * 100,
        loadCpu: (sum((b) => b.cpuMs) / burstMs) * 100,
        burstSeconds: burstMs / 1000,
        ok: false,
        reason: '',
      };
      const problems: string[] = [];
      if (step.connected < m) problems.push(`${m - step.connected} members not connected`);
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
      target: { name: target.name, description: target.description },
      steps,
      largestOk: steps.filter((s) => s.ok).reduce((a, s) => Math.max(a, s.members), 0),
      stoppedBecause,
    };
  } finally {
    await Promise.all(
      loaders.map(async (l) => {
        await l.request({ op: 'closeAll' }, 10_000).catch(() => undefined);
        await l.stop();
      }),
    );
    await Promise.all(
      nodes.map(async (n) => {
        await n.request({ op: 'shutdown' }, 15_000).catch(() => undefined);
        await n.stop();
      }),
    );
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export function formatQuizLine(s: QuizStep): string {
  const l = s.ackLatencyMs;
  return `M=${s.members} connected=${s.connected} retried=${s.connectRetries} sent=${s.sent} acked=${s.acked} stored=${s.stored ?? 'n/a'} ack ms p50/p95/p99=${l.median}/${l.p95}/${l.p99} push p99=${s.pushDelayMs.p99} ms serverCPU=${s.serverCpu.toFixed(0)}% ${s.ok ? 'ok' : `FAILED (${s.reason})`}`;
}
