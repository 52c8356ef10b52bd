import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { LoadChild } from '../lib/childProcess.js';
import { EndpointScreens } from '../lib/endpointScreens.js';
import { enrolMembers, type Enrolment } from '../lib/enrolMembers.js';
import { LatencyHistogram, type LatencySummary } from '../lib/stats.js';
import type {
  BurstReport,
  ConnectReport,
  MemberCredential,
  MemberRequest,
  MemberResponse,
  NodeInfo,
  NodeRequest,
  NodeResponse,
} from './protocol.js';
import { loadTarget, type Target, type TargetName } from './target.js';

const MEMBER_CHILD = path.join(import.meta.dirname, 'memberProcess.ts');
const NODE_CHILD = path.join(import.meta.dirname, 'nodeProcess.ts');
export const SOCKETS_PER_PROCESS = 15_000;
const SIGN_CHUNK = 5_000;
/** Screens' code changes are passed on to the phones at most this often. */
const CODES_DEBOUNCE_MS = 50;

export interface ArrivalSummary {
  members: number;
  connected: number;
  failed: number;
  notStarted: number;
  signedIn: number;
  checkedIn: number;
  connectRetries: number;
  signInRetries: number;
  checkinRetries: number;
  checkinBusy: number;
  errors: Record<string, number>;
  signInMs: LatencySummary;
  joinMs: LatencySummary;
  checkinMs: LatencySummary;
  /** From the first arrival to the last phone in, s. */
  seconds: number;
}

export interface BurstSummary {
  questionsReceived: number;
  sent: number;
  acked: number;
  rejected: Record<string, number>;
  timeouts: number;
  resent: number;
  resendAcked: number;
  reconnected: number;
  reconnectFailed: number;
  /** Answers the target's store holds for the round; null when the target stores none. */
  stored: number | null;
  ackLatencyMs: LatencySummary;
  pushDelayMs: LatencySummary;
  /** CPU of all platform nodes' main processes over the burst, % of one core. */
  serverCpu: number;
  loadCpu: number;
  burstSeconds: number;
}

export interface BurstOptions {
  round: number;
  windowMs: number;
  ackTimeoutMs: number;
  /** Ask and answer this target's push instead of the hall's (the signaling baseline on the same phones). */
  target?: TargetName;
  resendShare?: number;
  reconnectShare?: number;
}

/**
 * A hall of member phones against platform nodes in child processes: the nodes share Redis, the
 * SQLite store (WAL) and the secret; member load processes hold the phones (≤ 15,000 sockets
 * each). For a `pin` target the members are enrolled through the admin routes with PIN slips, the
 * endpoints' screens show their check-in codes, and phones arrive through sign-in, join and check-in.
 */
export class Hall {
  readonly target: Target;
  readonly nodes: LoadChild<NodeRequest, NodeResponse>[];
  readonly loaders: LoadChild<MemberRequest, MemberResponse>[];
  readonly #dataDir: string;
  urls: string[] = [];
  shared: Record<string, string> = {};
  enrolment: Enrolment | undefined;
  screens: EndpointScreens | undefined;
  #credentials: MemberCredential[] = [];
  #arrived = 0;
  #codesTimer: NodeJS.Timeout | undefined;

  private constructor(target: Target, nodeCount: number, loadProcesses: number) {
    this.target = target;
    this.#dataDir = mkdtempSync(path.join(os.tmpdir(), 'diemcau-bench-hall-'));
    const env = {
      ...process.env,
      BENCH_NODE_DATA_DIR: this.#dataDir,
      BENCH_NODE_PREFIX: `bench-${randomUUID().slice(0, 8)}`,
      AUTH_SECRET: randomBytes(32).toString('hex'),
    };
    this.nodes = Array.from({ length: nodeCount }, () => new LoadChild<NodeRequest, NodeResponse>(NODE_CHILD, [], env));
    this.loaders = Array.from(
      { length: loadProcesses },
      () => new LoadChild<MemberRequest, MemberResponse>(MEMBER_CHILD),
    );
  }

  /** Starts the nodes (the first migrates the shared store; `workers[i]`: node i's mediasoup workers). */
  static async start(o: {
    target: TargetName;
    nodes: number;
    loadProcesses: number;
    workers?: number[];
  }): Promise<Hall> {
    const hall = new Hall(await loadTarget(o.target), o.nodes, o.loadProcesses);
    try {
      for (const [i, n] of hall.nodes.entries())
        hall.urls.push(((await n.request({ op: 'start', workers: o.workers?.[i] ?? 1 })) as { url: string }).url);
    } catch (error) {
      await hall.close();
      throw error;
    }
    return hall;
  }

  /**
   * Sets the session up for `members` over `endpoints` halls; for a `pin` target enrols them (CSV
   * import, PIN batches) and opens the endpoints' screens.
   */
  async prepare(members: number, endpoints: number, log: (line: string) => void = () => undefined): Promise<void> {
    const { shared } = (await this.nodes[0]!.request(
      { op: 'prepare', target: this.target.name as TargetName, members, endpoints },
      600_000,
    )) as { shared: Record<string, string> };
    this.shared = shared;
    if (this.target.credentials !== 'pin') return;
    this.enrolment = await enrolMembers(this.urls[0]!, shared, members, { parallel: this.nodes.length + 1, log });
    this.#credentials = this.enrolment.slips;
    this.screens = await EndpointScreens.open(this.urls, shared, (codes) => this.#passCodes(codes));
  }

  #passCodes(codes: readonly string[]): void {
    if (this.#codesTimer) return;
    this.#codesTimer = setTimeout(() => {
      this.#codesTimer = undefined;
      for (const l of this.loaders) void l.request({ op: 'codes', codes: [...codes] }).catch(() => undefined);
    }, CODES_DEBOUNCE_MS);
  }

  async #tokens(from: number, to: number): Promise<MemberCredential[]> {
    const out: MemberCredential[] = [];
    for (let f = from; f < to; f += SIGN_CHUNK) {
      const count = Math.min(SIGN_CHUNK, to - f);
      const { tokens } = (await this.nodes[0]!.request({
        op: 'sign',
        target: this.target.name as TargetName,
        from: f,
        count,
        shared: this.shared,
      })) as { tokens: string[] };
      out.push(...tokens.map((token) => ({ token })));
    }
    return out;
  }

  /**
   * Members up to `upTo` arrive at `ratePerSecond` in total, split evenly across the load processes;
   * a phone whose turn comes after `deadline` (epoch ms) does not start.
   */
  async arrive(upTo: number, ratePerSecond: number, deadline?: number): Promise<ArrivalSummary> {
    const from = this.#arrived;
    const credentials =
      this.target.credentials === 'pin' ? this.#credentials.slice(from, upTo) : await this.#tokens(from, upTo);
    if (this.screens) for (const l of this.loaders) await l.request({ op: 'codes', codes: [...this.screens.codes] });
    const per = Math.ceil(credentials.length / this.loaders.length);
    const budgetMs = deadline !== undefined ? deadline - Date.now() : (credentials.length / ratePerSecond) * 2000;
    const timeout = Math.max(60_000, budgetMs + 240_000);
    const reports = (await Promise.all(
      this.loaders.map((l, i) => {
        const slice = credentials.slice(i * per, (i + 1) * per);
        if (slice.length === 0) return Promise.resolve(undefined);
        return l.request(
          {
            op: 'connect',
            target: this.target.name as TargetName,
            urls: this.urls,
            credentials: slice,
            firstMember: from + i * per,
            ratePerSecond: ratePerSecond / this.loaders.length,
            shared: this.shared,
            timeoutMs: 20_000,
            ...(deadline !== undefined && { deadline }),
          },
          timeout,
        );
      }),
    )) as (ConnectReport | undefined)[];
    this.#arrived = upTo;
    const got = reports.filter((r): r is ConnectReport => r !== undefined);
    const hist = { signIn: new LatencyHistogram(), join: new LatencyHistogram(), checkin: new LatencyHistogram() };
    const errors: Record<string, number> = {};
    for (const r of got) {
      for (const k of ['signIn', 'join', 'checkin'] as const) hist[k].addPairs(r.phases[k]);
      for (const [k, v] of Object.entries(r.errors)) errors[k] = (errors[k] ?? 0) + v;
    }
    const sum = (f: (r: ConnectReport) => number): number => got.reduce((a, r) => a + f(r), 0);
    return {
      members: upTo,
      connected: sum((r) => r.sockets),
      failed: sum((r) => r.failed),
      notStarted: sum((r) => r.notStarted),
      signedIn: sum((r) => r.signedIn),
      checkedIn: sum((r) => r.checkedIn),
      connectRetries: sum((r) => r.retried),
      signInRetries: sum((r) => r.signInRetries),
      checkinRetries: sum((r) => r.checkinRetries),
      checkinBusy: sum((r) => r.checkinBusy),
      errors,
      signInMs: hist.signIn.summary(),
      joinMs: hist.join.summary(),
      checkinMs: hist.checkin.summary(),
      seconds: Math.max(0, ...got.map((r) => r.spanMs)) / 1000,
    };
  }

  /** One question: every connected member answers once within the window. */
  async burst(o: BurstOptions): Promise<BurstSummary> {
    const target = o.target ?? (this.target.name as TargetName);
    await Promise.all(this.nodes.map((n) => n.request({ op: 'cpuMark' })));
    await Promise.all(
      this.loaders.map((l) =>
        l.request({
          op: 'arm',
          windowMs: o.windowMs,
          ackTimeoutMs: o.ackTimeoutMs,
          target,
          resendShare: o.resendShare ?? 0,
          reconnectShare: o.reconnectShare ?? 0,
        }),
      ),
    );
    const t0 = performance.now();
    const { askedAt } = (await this.nodes[0]!.request({ op: 'ask', target, round: o.round, shared: this.shared })) as {
      askedAt: number;
    };
    const wait = o.windowMs + o.ackTimeoutMs + 25_000;
    const bursts = (await Promise.all(
      this.loaders.map((l) => l.request({ op: 'collect', askedAt, timeoutMs: wait - 20_000 }, wait + 5_000)),
    )) as BurstReport[];
    const burstMs = performance.now() - t0;
    const cpu = (await Promise.all(this.nodes.map((n) => n.request({ op: 'cpuMark' })))) as { cpuMs: number }[];
    const { stored } = (await this.nodes[0]!.request({
      op: 'stored',
      target,
      round: o.round,
      shared: this.shared,
    })) as {
      stored: number | null;
    };
    const latency = new LatencyHistogram();
    const push = new LatencyHistogram();
    const rejected: Record<string, number> = {};
    for (const b of bursts) {
      latency.addPairs(b.ackLatency);
      push.addPairs(b.pushDelay);
      for (const [k, v] of Object.entries(b.rejected)) rejected[k] = (rejected[k] ?? 0) + v;
    }
    const sum = (f: (b: BurstReport) => number): number => bursts.reduce((a, b) => a + f(b), 0);
    return {
      questionsReceived: sum((b) => b.questionsReceived),
      sent: sum((b) => b.sent),
      acked: sum((b) => b.acked),
      rejected,
      timeouts: sum((b) => b.timeouts),
      resent: sum((b) => b.resent),
      resendAcked: sum((b) => b.resendAcked),
      reconnected: sum((b) => b.reconnected),
      reconnectFailed: sum((b) => b.reconnectFailed),
      stored,
      ackLatencyMs: latency.summary(),
      pushDelayMs: push.summary(),
      serverCpu: (cpu.reduce((a, c) => a + c.cpuMs, 0) / burstMs) * 100,
      loadCpu: (sum((b) => b.cpuMs) / burstMs) * 100,
      burstSeconds: burstMs / 1000,
    };
  }

  async nodeInfo(): Promise<NodeInfo[]> {
    return (await Promise.all(this.nodes.map((n) => n.request({ op: 'info' })))) as NodeInfo[];
  }

  async close(): Promise<void> {
    if (this.#codesTimer) clearTimeout(this.#codesTimer);
    this.screens?.close();
    await Promise.all(
      this.loaders.map(async (l) => {
        await l.request({ op: 'closeAll' }, 10_000).catch(() => undefined);
        await l.stop();
      }),
    );
    await Promise.all(
      this.nodes.map(async (n) => {
        await n.request({ op: 'shutdown' }, 15_000).catch(() => undefined);
        await n.stop();
      }),
    );
    rmSync(this.#dataDir, { recursive: true, force: true });
  }
}
