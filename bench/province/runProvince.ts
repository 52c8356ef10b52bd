import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { ReceiverPool } from '../fanout/receiverPool.js';
import type { SourceRequest, SourceResponse } from '../record/sourceProcess.js';
import { LoadChild } from '../lib/childProcess.js';
import { enrolmentFigures, type EnrolmentFigures } from '../lib/enrolMembers.js';
import { Hall, SOCKETS_PER_PROCESS, type ArrivalSummary, type BurstSummary } from '../quiz/hall.js';
import type { LoopLag, NodeInfo } from '../quiz/protocol.js';
import { PhaseMonitor, type PhaseFigures } from './phaseMonitor.js';
import { provinceVerdict, type Verdict } from './verdict.js';

const SOURCE_CHILD = path.join(import.meta.dirname, '../record/sourceProcess.ts');
const SOURCE_WARMUP_MS = 3000;
const RECEIVER_CHUNK = 64;
const GAP_BETWEEN_QUESTIONS_MS = 3000;

export interface ProvinceOptions {
  endpoints: number;
  members: number;
  /** Members arrive evenly over this long. */
  arrivalMs: number;
  questions: number;
  windowMs: number;
  ackTimeoutMs: number;
  resendShare: number;
  reconnectShare: number;
  /** Top simulcast layer of the host's synthetic broadcast (bit/s). */
  videoBitrate: number;
  nodes: number;
  loadProcesses: number;
  /** Mediasoup workers of the media node (the first). */
  mediaWorkers: number;
  mediaWindowMs: number;
  /** The whole run stops within this (arrivals are cut short to leave room for the questions). */
  maxRunMs: number;
  log?: (line: string) => void;
}

export interface QuestionFigures extends BurstSummary {
  round: number;
}

export interface ProvinceResult {
  options: Omit<ProvinceOptions, 'log'>;
  enrolment: EnrolmentFigures;
  arrival: ArrivalSummary & {
    signInsPerSecond: number;
    /** Sign-ins per second of CPU used by the platform nodes' processes (all threads). */
    signInsPerCoreSecond: number;
    /** The screens' code requests that failed. */
    screenFailures: number;
  };
  questions: QuestionFigures[];
  /** The bare Socket.IO burst on the same phones and nodes (system:notice → system:time, nothing stored). */
  signaling: BurstSummary;
  /** Event-loop delay of each node per phase. */
  lag: { phase: string; nodes: LoopLag[] }[];
  phases: PhaseFigures[];
  nodes: NodeInfo[];
  verdict: Verdict;
  seconds: number;
}

type Group = 'bench' | 'phones' | 'receivers' | 'source' | 'workers' | `node${number}`;

/** A province's conference day, phase by phase; see docs/BENCHMARKS.md (bench:province). */
export async function runProvince(o: ProvinceOptions): Promise<ProvinceResult> {
  const log = o.log ?? (() => undefined);
  const { log: _log, ...options } = o;
  const started = performance.now();
  const runDeadline = Date.now() + o.maxRunMs;
  const nodes = Math.max(o.nodes, Math.ceil(o.members / SOCKETS_PER_PROCESS));
  const loadProcesses = Math.max(o.loadProcesses, Math.ceil(o.members / SOCKETS_PER_PROCESS));
  const hall = await Hall.start({
    target: 'quiz',
    nodes,
    loadProcesses,
    workers: [o.mediaWorkers, ...new Array<number>(nodes - 1).fill(1)],
  });
  const pool = new ReceiverPool(Math.max(1, Math.ceil(o.endpoints / SOCKETS_PER_PROCESS)));
  const source = new LoadChild<SourceRequest, SourceResponse>(SOURCE_CHILD);
  let info: NodeInfo[] = await hall.nodeInfo();
  const groups = (): Record<Group, number[]> => {
    const g = {
      bench: [process.pid],
      phones: hall.loaders.map((l) => l.pid ?? -1),
      receivers: pool.pids,
      source: [source.pid ?? -1],
      workers: info.flatMap((n) => n.workerPids),
    } as Record<Group, number[]>;
    info.forEach((n, i) => (g[`node${i}`] = [n.pid]));
    return g;
  };
  const monitor = new PhaseMonitor<Group>(pool, o.mediaWindowMs, groups);
  const lag: ProvinceResult['lag'] = [];
  const lagOf = async (phase: string): Promise<void> => {
    lag.push({ phase, nodes: (await Promise.all(hall.nodes.map((n) => n.request({ op: 'lag' })))) as LoopLag[] });
  };
  const phase = async (next: string): Promise<void> => {
    const ended = monitor.mark(next);
    await lagOf(ended.phase);
    log(`phase ${ended.phase} done in ${ended.seconds.toFixed(1)} s`);
  };
  try {
    log(`setup: ${o.endpoints} endpoints, ${o.members} members (CSV import, PIN batches per commune)`);
    await hall.prepare(o.members, o.endpoints, log);
    const e = hall.enrolment!;
    log(`PINs: ${e.slips.length} in ${(e.pinMs / 1000).toFixed(1)} s (${e.pinsPerSecond.toFixed(0)}/s)`);

    // The host's broadcast on the media node, fanned out to one receiver per endpoint.
    const { port } = (await hall.nodes[0]!.request({ op: 'mediaStart' })) as { port: number };
    await source.request({ op: 'start', port, videoBitrate: o.videoBitrate, maxRunMs: o.maxRunMs + 60_000 });
    await delay(SOURCE_WARMUP_MS);
    const ports = await pool.open(o.endpoints);
    for (let i = 0; i < ports.length; i += RECEIVER_CHUNK)
      await hall.nodes[0]!.request({ op: 'mediaAdd', ports: ports.slice(i, i + RECEIVER_CHUNK) }, 120_000);
    info = await hall.nodeInfo();
    await phase('media settle');
    monitor.startMedia();
    await delay(2 * o.mediaWindowMs);
    await phase('arrival');

    // Phones arrive over the arrival window; arrivals are cut short to leave room for the questions.
    const reserveMs = (o.questions + 1) * (o.windowMs + GAP_BETWEEN_QUESTIONS_MS + 20_000) + 30_000;
    const arrivalDeadline = Math.min(runDeadline - reserveMs, Date.now() + o.arrivalMs + 60_000);
    log(`arrival: ${o.members} phones over ${o.arrivalMs / 1000} s (sign-in, join, check-in)`);
    const arrival = await hall.arrive(o.members, o.members / (o.arrivalMs / 1000), arrivalDeadline);
    const arrivalPhase = monitor.phases.length;
    await phase('question 1');
    const nodeCpuShare = Object.entries(monitor.phases[arrivalPhase]!.cpu)
      .filter(([g]) => g.startsWith('node'))
      .reduce((a, [, v]) => a + v, 0);
    const arrivalSeconds = monitor.phases[arrivalPhase]!.seconds;
    log(
      `arrived: ${arrival.checkedIn} checked in of ${o.members} (not started ${arrival.notStarted}, failed ${arrival.failed}); sign-in p99 ${arrival.signInMs.p99} ms`,
    );

    const questions: QuestionFigures[] = [];
    for (let q = 0; q < o.questions; q++) {
      const b = await hall.burst({
        round: q,
        windowMs: o.windowMs,
        ackTimeoutMs: o.ackTimeoutMs,
        resendShare: o.resendShare,
        reconnectShare: o.reconnectShare,
      });
      questions.push({ round: q + 1, ...b });
      log(
        `question ${q + 1}: got ${b.questionsReceived} sent ${b.sent} acked ${b.acked} stored ${b.stored} ack p99 ${b.ackLatencyMs.p99} ms push p99 ${b.pushDelayMs.p99} ms`,
      );
      await delay(GAP_BETWEEN_QUESTIONS_MS);
      await phase(q + 1 < o.questions ? `question ${q + 2}` : 'signaling baseline');
    }
    const signaling = await hall.burst({
      round: o.questions,
      windowMs: o.windowMs,
      ackTimeoutMs: o.ackTimeoutMs,
      target: 'signaling',
    });
    log(`signaling baseline: acked ${signaling.acked} ack p99 ${signaling.ackLatencyMs.p99} ms`);
    await phase('end');
    info = await hall.nodeInfo();
    const result: Omit<ProvinceResult, 'verdict'> = {
      options: { ...options, nodes, loadProcesses },
      enrolment: enrolmentFigures(e),
      arrival: {
        ...arrival,
        signInsPerSecond: arrival.signedIn / Math.max(0.001, arrival.seconds),
        signInsPerCoreSecond: arrival.signedIn / Math.max(0.001, (nodeCpuShare / 100) * arrivalSeconds),
        screenFailures: hall.screens?.failures ?? 0,
      },
      questions,
      signaling,
      lag,
      phases: monitor.phases,
      nodes: info,
      seconds: (performance.now() - started) / 1000,
    };
    return { ...result, verdict: provinceVerdict(result, o.members, os.cpus().length) };
  } finally {
    await monitor.stop();
    await source.request({ op: 'stop' }).catch(() => undefined);
    await source.stop();
    await hall.nodes[0]?.request({ op: 'mediaStop' }, 30_000).catch(() => undefined);
    await pool.stop();
    await hall.close();
  }
}
