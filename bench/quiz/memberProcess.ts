import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION } from '../../shared/src/protocol/version.js';
import { serveParent } from '../lib/childProcess.js';
import { LatencyHistogram } from '../lib/stats.js';
import type { BurstReport, ConnectReport, MemberRequest, MemberResponse } from './protocol.js';
import { loadTarget, type MemberContext, type Target } from './target.js';

/**
 * A member load process: up to MAX_SOCKETS socket.io-client connections (one per member, as a phone
 * would hold), opened at a bounded rate; on the question push each member answers once at a
 * random moment within the window and times the acknowledgement.
 */
const MAX_SOCKETS = 15_000;

interface AckShape {
  ok: boolean;
  error?: { code: string };
}

interface Member {
  socket: Socket;
  context: MemberContext;
}

const members: Member[] = [];
let target: Target | undefined;
interface BurstState {
  report: BurstReport;
  latency: LatencyHistogram;
  push: LatencyHistogram;
  /** Wall-clock arrival of each question push (compared with the node's `askedAt`). */
  arrivals: number[];
  pending: number;
  cpu: NodeJS.CpuUsage;
}
let burst: BurstState | undefined;

function bump(map: Record<string, number>, key: string): void {
  map[key] = (map[key] ?? 0) + 1;
}

async function connectOne(
  url: string,
  token: string,
  context: MemberContext,
  t: Target,
  timeoutMs: number,
): Promise<Member> {
  const socket = io(url, {
    auth: { protocolVersion: PROTOCOL_VERSION, token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: timeoutMs,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error: Error & { data?: { code?: string } }) =>
      reject(new Error(error.data?.code ?? error.message)),
    );
  }).catch((error: unknown) => {
    socket.close();
    throw error;
  });
  try {
    await t.client.join?.(socket, context);
  } catch (error) {
    socket.close();
    throw error;
  }
  return { socket, context };
}

/**
 * A phone whose first connection attempt is refused tries again, as the product's client does
 * (lib/socket.ts reconnects by itself): up to CONNECT_ATTEMPTS attempts, 1 s apart. Retries are
 * counted, so a run shows how many members needed one.
 */
const CONNECT_ATTEMPTS = 3;

async function connectWithRetry(
  url: string,
  token: string,
  context: MemberContext,
  t: Target,
  timeoutMs: number,
  report: ConnectReport,
): Promise<Member> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await connectOne(url, token, context, t, timeoutMs);
    } catch (error) {
      const transient = error instanceof Error && error.message === 'websocket error';
      if (!transient || attempt >= CONNECT_ATTEMPTS) throw error;
      report.retried++;
      await delay(1000);
    }
  }
}

async function connect(req: Extract<MemberRequest, { op: 'connect' }>): Promise<ConnectReport> {
  if (members.length + req.tokens.length > MAX_SOCKETS)
    throw new Error(`a load process holds at most ${MAX_SOCKETS} sockets`);
  const t = (target ??= await loadTarget(req.target));
  const report: ConnectReport = { connected: 0, failed: 0, retried: 0, errors: {}, sockets: 0 };
  const gapMs = 1000 / Math.max(1, req.ratePerSecond);
  const started = performance.now();
  const attempts: Promise<void>[] = [];
  for (let i = 0; i < req.tokens.length; i++) {
    const due = started + i * gapMs;
    const wait = due - performance.now();
    if (wait > 1) await delay(wait);
    const context: MemberContext = { member: req.firstMember + i, shared: req.shared };
    const url = req.urls[(req.firstMember + i) % req.urls.length]!;
    attempts.push(
      connectWithRetry(url, req.tokens[i]!, context, t, req.timeoutMs, report).then(
        (m) => {
          members.push(m);
          report.connected++;
        },
        (error: unknown) => {
          report.failed++;
          bump(report.errors, error instanceof Error ? error.message : String(error));
        },
      ),
    );
  }
  await Promise.all(attempts);
  report.sockets = members.length;
  return report;
}

function arm(windowMs: number, ackTimeoutMs: number): void {
  const t = target;
  if (!t) throw new Error('not connected');
  const latency = new LatencyHistogram();
  const push = new LatencyHistogram();
  const report: BurstReport = {
    questionsReceived: 0,
    sent: 0,
    acked: 0,
    rejected: {},
    timeouts: 0,
    disconnected: 0,
    ackLatency: [],
    pushDelay: [],
    cpuMs: 0,
  };
  const arrivals: number[] = [];
  const state: BurstState = { report, latency, push, arrivals, pending: members.length, cpu: process.cpuUsage() };
  burst = state;
  const armedAt = Date.now();
  for (const m of members) {
    m.socket.removeAllListeners(t.client.questionEvent);
    const onQuestion = (question: unknown) => {
      if (t.client.isAsked && !t.client.isAsked(question, armedAt)) return;
      m.socket.off(t.client.questionEvent, onQuestion);
      arrivals.push(Date.now());
      report.questionsReceived++;
      setTimeout(() => {
        if (!m.socket.connected) {
          report.disconnected++;
          state.pending--;
          return;
        }
        const sentAt = performance.now();
        report.sent++;
        m.socket
          .timeout(ackTimeoutMs)
          .emitWithAck(t.client.answerEvent, t.client.answerPayload(question, m.context))
          .then(
            (ack: AckShape) => {
              latency.record(performance.now() - sentAt);
              if (ack.ok) report.acked++;
              else bump(report.rejected, ack.error?.code ?? 'UNKNOWN');
            },
            () => report.timeouts++,
          )
          .finally(() => state.pending--);
      }, Math.random() * windowMs);
    };
    m.socket.on(t.client.questionEvent, onQuestion);
  }
}

async function collect(askedAt: number, timeoutMs: number): Promise<BurstReport> {
  const state = burst;
  if (!state) throw new Error('not armed');
  const deadline = performance.now() + timeoutMs;
  while (state.pending > 0 && performance.now() < deadline) await delay(50);
  for (const at of state.arrivals) state.push.record(at - askedAt);
  const pairs = (h: LatencyHistogram): [number, number][] =>
    h.buckets.flatMap((n, ms) => (n > 0 ? [[ms, n] as [number, number]] : []));
  const cpu = process.cpuUsage(state.cpu);
  return {
    ...state.report,
    ackLatency: pairs(state.latency),
    pushDelay: pairs(state.push),
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
}

function closeAll(): void {
  for (const m of members.splice(0)) m.socket.close();
}

serveParent<MemberRequest, MemberResponse>(async (req) => {
  switch (req.op) {
    case 'connect':
      return connect(req);
    case 'arm':
      arm(req.windowMs, req.ackTimeoutMs);
      return { done: true };
    case 'collect':
      return collect(req.askedAt, req.timeoutMs);
    case 'closeAll':
      closeAll();
      return { done: true };
  }
}, closeAll);
