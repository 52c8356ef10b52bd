import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION } from '../../shared/src/protocol/version.js';
import { serveParent } from '../lib/childProcess.js';
import { listOf } from '../lib/hallSetup.js';
import { hallAddress } from '../lib/restCall.js';
import { LatencyHistogram } from '../lib/stats.js';
import type { BurstReport, ConnectReport, MemberCredential, MemberRequest, MemberResponse } from './protocol.js';
import { loadTarget, type MemberContext, type Target, type TargetName } from './target.js';

/**
 * A member load process: up to MAX_SOCKETS socket.io-client connections (one per member, as a phone
 * would hold), arriving at a bounded rate. A phone with a PIN slip goes the hall's way: PIN sign-in
 * over REST, socket, `session:join`, `checkin:submit` with the code on its endpoint's screen. On
 * the question push each member answers once at a random moment within the window and times the
 * acknowledgement; some resend, some drop and reconnect first, as phones do.
 */
const MAX_SOCKETS = 15_000;
/** A sign-in refused as busy is tried again after the server's delay, for this long at most. */
const SIGN_IN_PATIENCE_MS = 180_000;
const CHECKIN_ATTEMPTS = 8;

interface AckShape {
  ok: boolean;
  data?: unknown;
  error?: { code: string; details?: unknown };
}

interface Member {
  socket: Socket;
  context: MemberContext;
  url: string;
  token: string;
}

const members: Member[] = [];
let connectedTarget: Target | undefined;
/** The codes on the endpoints' screens (the parent sends them when they change). */
let codes: string[] = [];
const codeWaiters: (() => void)[] = [];

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

function openSocket(url: string, token: string, timeoutMs: number): Promise<Socket> {
  const socket = io(url, {
    auth: { protocolVersion: PROTOCOL_VERSION, token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: timeoutMs,
  });
  return new Promise<Socket>((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error: Error & { data?: { code?: string } }) => {
      socket.close();
      reject(new Error(error.data?.code ?? error.message));
    });
  });
}

/** Socket and the target's join step (session:join); closes the socket when the join fails. */
async function connectOne(url: string, token: string, context: MemberContext, t: Target, timeoutMs: number) {
  const socket = await openSocket(url, token, timeoutMs);
  try {
    await t.client.join?.(socket, context);
  } catch (error) {
    socket.close();
    throw error;
  }
  return socket;
}

/**
 * A phone whose connection attempt is refused tries again, as the product's client does
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
): Promise<Socket> {
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

/** PIN sign-in over REST as the member page does; waits and retries when the server says busy. */
async function signIn(
  url: string,
  slip: Extract<MemberCredential, { pin: string }>,
  sessionId: string,
  report: ConnectReport,
) {
  const giveUp = performance.now() + SIGN_IN_PATIENCE_MS;
  for (;;) {
    const response = await fetch(`${url}/api/auth/member`, {
      method: 'POST',
      // From its hall's address, as the server sees a phone behind the hall's router.
      headers: { 'content-type': 'application/json', 'x-forwarded-for': hallAddress(slip.endpoint) },
      body: JSON.stringify({ memberNumber: slip.memberNumber, pin: slip.pin, sessionId }),
    });
    const body = (await response.json().catch(() => ({}))) as {
      token?: string;
      error?: { code?: string; details?: { retryAfterSeconds?: number } };
    };
    if (response.ok && body.token) return body.token;
    const code = body.error?.code ?? `HTTP_${response.status}`;
    if ((code !== 'UNAVAILABLE' && code !== 'RATE_LIMITED') || performance.now() > giveUp)
      throw new Error(`sign-in ${code}`);
    report.signInRetries++;
    const afterS = body.error?.details?.retryAfterSeconds ?? Number(response.headers.get('retry-after') ?? 1);
    // A little jitter, as phones are not synchronised.
    await delay(afterS * 1000 * (1 + Math.random() * 0.5));
  }
}

function nextCodes(): Promise<void> {
  return new Promise((resolve) => codeWaiters.push(resolve));
}

/** Checks in with the code on the endpoint's screen; a refused (rotated) code is read again. */
async function checkIn(socket: Socket, endpoint: number, endpointId: string, report: ConnectReport): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const code = codes[endpoint];
    if (!code) {
      await nextCodes();
      continue;
    }
    const ack = (await socket.timeout(20_000).emitWithAck('checkin:submit', { code, endpointId })) as AckShape;
    if (ack.ok) return;
    if (ack.error?.code === 'UNAVAILABLE' && attempt < CHECKIN_ATTEMPTS) {
      // "Busy, try again": the phone's user taps again after the server's delay.
      report.checkinBusy++;
      await delay(1000 * (1 + Math.random() * 0.5));
      continue;
    }
    if (ack.error?.code !== 'FORBIDDEN' || attempt >= CHECKIN_ATTEMPTS)
      throw new Error(`check-in ${ack.error?.code ?? 'FAILED'}`);
    report.checkinRetries++;
    // The phone's user looks at the screen again: the next code, or the same one a moment later.
    await Promise.race([nextCodes(), delay(1000)]);
  }
}

async function arrive(
  req: Extract<MemberRequest, { op: 'connect' }>,
  i: number,
  t: Target,
  report: ConnectReport,
  phases: { signIn: LatencyHistogram; join: LatencyHistogram; checkin: LatencyHistogram },
): Promise<void> {
  const credential = req.credentials[i]!;
  const context: MemberContext = { member: req.firstMember + i, shared: req.shared };
  const url = req.urls[(req.firstMember + i) % req.urls.length]!;
  let token: string;
  const t0 = performance.now();
  if ('token' in credential) token = credential.token;
  else {
    token = await signIn(url, credential, req.shared.sessionId!, report);
    report.signedIn++;
    phases.signIn.record(performance.now() - t0);
  }
  const t1 = performance.now();
  const socket = await connectWithRetry(url, token, context, t, req.timeoutMs, report);
  phases.join.record(performance.now() - t1);
  members.push({ socket, context, url, token });
  if ('endpoint' in credential) {
    const t2 = performance.now();
    await checkIn(socket, credential.endpoint, listOf(req.shared, 'endpointIds')[credential.endpoint]!, report);
    phases.checkin.record(performance.now() - t2);
    report.checkedIn++;
  }
  report.connected++;
}

async function connect(req: Extract<MemberRequest, { op: 'connect' }>): Promise<ConnectReport> {
  if (members.length + req.credentials.length > MAX_SOCKETS)
    throw new Error(`a load process holds at most ${MAX_SOCKETS} sockets`);
  const t = (connectedTarget ??= await loadTarget(req.target));
  const report: ConnectReport = {
    connected: 0,
    failed: 0,
    retried: 0,
    errors: {},
    sockets: 0,
    notStarted: 0,
    signedIn: 0,
    checkedIn: 0,
    signInRetries: 0,
    checkinRetries: 0,
    checkinBusy: 0,
    phases: { signIn: [], join: [], checkin: [] },
    spanMs: 0,
  };
  const phases = { signIn: new LatencyHistogram(), join: new LatencyHistogram(), checkin: new LatencyHistogram() };
  const gapMs = 1000 / Math.max(0.001, req.ratePerSecond);
  const started = performance.now();
  let lastIn = started;
  const attempts: Promise<void>[] = [];
  for (let i = 0; i < req.credentials.length; i++) {
    const due = started + i * gapMs;
    if (req.deadline !== undefined && Date.now() + (due - performance.now()) > req.deadline) {
      report.notStarted = req.credentials.length - i;
      break;
    }
    const wait = due - performance.now();
    if (wait > 1) await delay(wait);
    attempts.push(
      arrive(req, i, t, report, phases).then(
        () => void (lastIn = performance.now()),
        (error: unknown) => {
          report.failed++;
          bump(report.errors, error instanceof Error ? error.message : String(error));
        },
      ),
    );
  }
  await Promise.all(attempts);
  report.sockets = members.length;
  report.spanMs = lastIn - started;
  report.phases = { signIn: phases.signIn.pairs(), join: phases.join.pairs(), checkin: phases.checkin.pairs() };
  return report;
}

async function reconnect(m: Member, t: Target, report: BurstReport): Promise<boolean> {
  m.socket.close();
  try {
    // The phone's own client rejoins the session; the server puts it back in its endpoint's room.
    m.socket = await connectOne(m.url, m.token, m.context, t, 20_000);
    report.reconnected++;
    return true;
  } catch {
    report.reconnectFailed++;
    return false;
  }
}

function arm(req: Extract<MemberRequest, { op: 'arm' }>, t: Target): void {
  const latency = new LatencyHistogram();
  const push = new LatencyHistogram();
  const report: BurstReport = {
    questionsReceived: 0,
    sent: 0,
    acked: 0,
    rejected: {},
    timeouts: 0,
    disconnected: 0,
    resent: 0,
    resendAcked: 0,
    reconnected: 0,
    reconnectFailed: 0,
    ackLatency: [],
    pushDelay: [],
    cpuMs: 0,
  };
  const arrivals: number[] = [];
  const state: BurstState = { report, latency, push, arrivals, pending: members.length, cpu: process.cpuUsage() };
  burst = state;
  const armedAt = Date.now();
  const send = (m: Member, question: unknown): Promise<AckShape> =>
    m.socket.timeout(req.ackTimeoutMs).emitWithAck(t.client.answerEvent, t.client.answerPayload(question, m.context));
  for (const m of members) {
    m.socket.removeAllListeners(t.client.questionEvent);
    const resend = Math.random() < (req.resendShare ?? 0);
    const drop = Math.random() < (req.reconnectShare ?? 0);
    const answer = async (question: unknown): Promise<void> => {
      if (drop && !(await reconnect(m, t, report))) return;
      if (!m.socket.connected) {
        report.disconnected++;
        return;
      }
      const sentAt = performance.now();
      report.sent++;
      try {
        const ack = await send(m, question);
        latency.record(performance.now() - sentAt);
        if (ack.ok) report.acked++;
        else bump(report.rejected, ack.error?.code ?? 'UNKNOWN');
      } catch {
        report.timeouts++;
        return;
      }
      if (!resend) return;
      report.resent++;
      const again = await send(m, question).catch(() => undefined);
      if (again?.ok) report.resendAcked++;
    };
    const onQuestion = (question: unknown) => {
      if (t.client.isAsked && !t.client.isAsked(question, armedAt)) return;
      m.socket.off(t.client.questionEvent, onQuestion);
      arrivals.push(Date.now());
      report.questionsReceived++;
      setTimeout(() => void answer(question).finally(() => state.pending--), Math.random() * req.windowMs);
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
  const cpu = process.cpuUsage(state.cpu);
  return {
    ...state.report,
    ackLatency: state.latency.pairs(),
    pushDelay: state.push.pairs(),
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
}

function closeAll(): void {
  for (const m of members.splice(0)) m.socket.close();
}

async function targetFor(name: TargetName | undefined): Promise<Target> {
  if (name) return loadTarget(name);
  if (!connectedTarget) throw new Error('not connected');
  return connectedTarget;
}

serveParent<MemberRequest, MemberResponse>(async (req) => {
  switch (req.op) {
    case 'connect':
      return connect(req);
    case 'codes':
      codes = req.codes;
      for (const wake of codeWaiters.splice(0)) wake();
      return { done: true };
    case 'arm':
      arm(req, await targetFor(req.target));
      return { done: true };
    case 'collect':
      return collect(req.askedAt, req.timeoutMs);
    case 'closeAll':
      closeAll();
      return { done: true };
  }
}, closeAll);
