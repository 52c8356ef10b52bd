import { setTimeout as delay } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import type { MediasoupTypes } from '../../server/src/media/mediasoup.js';
import os from 'node:os';
import { machineBusyPercent, readCpuTicks, readUdpCounters } from '../lib/procStats.js';
import { BareTopology } from './bareTopology.js';
import { consumerPacketsSent } from './mediaPieces.js';
import { PlatformTopology } from './platformTopology.js';
import { ReceiverPool } from './receiverPool.js';
import { RtpSource } from './rtpSource.js';
import type { FanoutMode, FanoutTopology } from './topology.js';
import { workerCost, type WorkerCost } from './workerCost.js';

const SOURCE_WARMUP_MS = 3000;

export interface FanoutOptions {
  modes: FanoutMode[];
  /** Receiver counts to step through, ascending. */
  steps: number[];
  workers: number;
  /** Top simulcast layer bitrate (bit/s). */
  videoBitrate: number;
  /** Receiver load processes (each holds ≤ 15,000 sockets). */
  loadProcesses: number;
  settleMs: number;
  measureMs: number;
  /** A step holds when loss ≤ lossLimit and every worker stays below cpuLimit (%). */
  lossLimit: number;
  cpuLimit: number;
  /** A failed step is measured again (up to `retries` times) when other processes used more than this % CPU. */
  contentionLimit: number;
  retries: number;
  /** Each mode stops stepping once this much time has gone (the step under way finishes). */
  maxMsPerMode: number;
  /** Read every consumer's stats at the end to cross-check the counts (slow for large N). */
  verifyWithConsumerStats: boolean;
  log?: (line: string) => void;
}

export interface FanoutStep extends WorkerCost {
  mode: FanoutMode;
  receivers: number;
  /** 1 for the first measurement of this N; later ones follow a failure under contention. */
  attempt: number;
  consumers: number;
  workers: number;
  receiversPerWorker: number[];
  /** CPU of each worker over the window, % of one core (getResourceUsage ru_utime + ru_stime). */
  workerCpu: number[];
  /** CPU of the bench's own Node process (in platform mode: the whole app), % of one core. */
  mainCpu: number;
  /** CPU of all receiver load processes together, % of one core. */
  loadCpu: number;
  /** Whole machine busy, % of one core (cores × 100 is full); what is not ours is other processes. */
  machineCpu: number;
  /** machineCpu minus the workers, this process and the load processes: other tenants of the box. */
  otherCpu: number;
  packetsPerSecond: number;
  megabitsPerSecond: number;
  expectedPacketsPerSecond: number;
  loss: number;
  silentReceivers: number;
  incompleteReceivers: number;
  /** Datagrams the kernel dropped machine-wide for full receive buffers during the window. */
  kernelUdpDrops: number;
  /** Source packets the producers did not receive (worker ingress loss), as a fraction. */
  ingressLoss: number;
  held: boolean;
  reason: string;
}

export interface FanoutModeResult {
  mode: FanoutMode;
  placement: string;
  steps: FanoutStep[];
  largestHeld: number;
  stoppedBecause: string;
  consistency: {
    receivedTotal: number;
    /** Upper bound: every packet the source sent (audio + all layers) × receivers. */
    sourceBound: number;
    /** RTP packets the worker reports having sent on the consumers, when verified. */
    workerSentTotal: number | null;
    sourceSent: { audio: number; video: number[] };
    producerReceived: number;
    keyframeRequests: number;
  };
}

export interface FanoutResult {
  options: Omit<FanoutOptions, 'log'>;
  modes: FanoutModeResult[];
  /** largestHeld(platform) / largestHeld(bare), when both ran. */
  ratio: number | null;
}

async function cpuTimes(workers: MediasoupTypes.Worker[]): Promise<number[]> {
  return Promise.all(
    workers.map(async (w) => {
      const u = await w.getResourceUsage();
      return u.ru_utime + u.ru_stime;
    }),
  );
}

async function runMode(mode: FanoutMode, o: FanoutOptions): Promise<FanoutModeResult> {
  const log = o.log ?? (() => undefined);
  const started = performance.now();
  const topology: FanoutTopology =
    mode === 'bare' ? await BareTopology.create(o.workers) : await PlatformTopology.create(o.workers);
  const pool = new ReceiverPool(o.loadProcesses);
  const source = new RtpSource({ ip: '127.0.0.1', port: topology.ingressPort }, { videoBitrate: o.videoBitrate });
  const steps: FanoutStep[] = [];
  let stoppedBecause = 'all steps held';
  let workerSentTotal: number | null = null;
  try {
    await source.start(o.maxMsPerMode + 120_000);
    // The producers' layer scores need a moment before simulcast consumers pick the top layer.
    await delay(SOURCE_WARMUP_MS);
    const rates = source.rates;
    const perReceiverRate = rates.audio + (rates.video.at(-1) ?? 0);
    const measure = async (n: number, attempt: number): Promise<FanoutStep> => {
      const workers = topology.workers();
      const cpu0 = await cpuTimes(workers);
      const main0 = process.cpuUsage();
      const udp0 = readUdpCounters();
      const ticks0 = readCpuTicks();
      const src0 = source.counters;
      const ingress0 = await topology.producerPackets();
      const t0 = performance.now();
      await pool.resetWindow();
      await delay(o.measureMs);
      const report = await pool.report();
      const cpu1 = await cpuTimes(workers);
      const elapsed = performance.now() - t0;
      const main1 = process.cpuUsage(main0);
      const udp1 = readUdpCounters();
      const ticks1 = readCpuTicks();
      const src1 = source.counters;
      const ingress1 = await topology.producerPackets();

      const windowS = report.windowMs / 1000;
      const workerCpu = cpu1.map((c, i) => ((c - cpu0[i]!) / elapsed) * 100);
      const loss = report.expected > 0 ? Math.max(0, 1 - report.received / report.expected) : 1;
      const srcSent = src1.audio - src0.audio + src1.video.reduce((a, b, i) => a + b - src0.video[i]!, 0);
      const maxCpu = Math.max(...workerCpu);
      const mainCpu = ((main1.user + main1.system) / 1000 / elapsed) * 100;
      const loadCpu = (report.cpuMs / report.windowMs) * 100;
      const machineCpu = machineBusyPercent(ticks0, ticks1, os.cpus().length);
      const reasons: string[] = [];
      if (loss > o.lossLimit) reasons.push(`loss ${(loss * 100).toFixed(2)} % > ${(o.lossLimit * 100).toFixed(1)} %`);
      if (maxCpu >= o.cpuLimit) reasons.push(`worker CPU ${maxCpu.toFixed(0)} % ≥ ${o.cpuLimit} %`);
      if (report.silent > 0) reasons.push(`${report.silent} receivers got nothing`);
      const packetsPerSecond = report.received / windowS;
      return {
        mode,
        receivers: n,
        attempt,
        consumers: topology.receivers.length * 2,
        workers: workers.length,
        receiversPerWorker: topology.receiversPerWorker(),
        workerCpu,
        mainCpu,
        loadCpu,
        machineCpu,
        otherCpu: Math.max(0, machineCpu - mainCpu - loadCpu - workerCpu.reduce((a, b) => a + b, 0)),
        packetsPerSecond,
        ...workerCost(workerCpu, packetsPerSecond, n),
        megabitsPerSecond: (report.bytes * 8) / windowS / 1e6,
        expectedPacketsPerSecond: perReceiverRate * n,
        loss,
        silentReceivers: report.silent,
        incompleteReceivers: report.incomplete,
        kernelUdpDrops: udp1.rcvbufErrors - udp0.rcvbufErrors,
        ingressLoss: srcSent > 0 ? Math.max(0, 1 - (ingress1 - ingress0) / srcSent) : 0,
        held: reasons.length === 0,
        reason: reasons.join('; ') || 'held',
      };
    };
    for (const n of o.steps) {
      if (performance.now() - started > o.maxMsPerMode) {
        stoppedBecause = `time limit (${Math.round(o.maxMsPerMode / 1000)} s) reached`;
        break;
      }
      const add = n - topology.receivers.length;
      if (add > 0) await topology.addReceivers(await pool.open(add));
      await delay(o.settleMs);

      let step = await measure(n, 1);
      // On a shared machine a failure while other processes held the cores says little about us:
      // measure again (bounded) before calling the step failed.
      while (!step.held && step.otherCpu > o.contentionLimit && step.attempt <= o.retries) {
        log(`${formatStepLine(step)} — others used ${Math.round(step.otherCpu)} % CPU, measuring again`);
        steps.push(step);
        await delay(o.settleMs);
        step = await measure(n, step.attempt + 1);
      }
      steps.push(step);
      log(formatStepLine(step));
      if (!step.held) {
        stoppedBecause = `N=${n}: ${step.reason}`;
        break;
      }
    }
    source.stop();
    await delay(300); // let packets in flight arrive before the totals are compared
    const received = (await pool.report()).totalReceived;
    if (o.verifyWithConsumerStats) workerSentTotal = await consumerPacketsSent(topology.receivers);
    const sent = source.counters;
    const sourceTotal = sent.audio + sent.video.reduce((a, b) => a + b, 0);
    const largestHeld = steps.filter((s) => s.held).reduce((m, s) => Math.max(m, s.receivers), 0);
    return {
      mode,
      placement: topology.placement,
      steps,
      largestHeld,
      stoppedBecause,
      consistency: {
        receivedTotal: received,
        sourceBound: sourceTotal * topology.receivers.length,
        workerSentTotal,
        sourceSent: { audio: sent.audio, video: sent.video },
        producerReceived: await topology.producerPackets(),
        keyframeRequests: sent.keyframeRequests,
      },
    };
  } finally {
    source.stop();
    await pool.stop();
    await topology.close();
  }
}

export function formatStepLine(s: FanoutStep): string {
  const cpu = s.workerCpu.map((c) => c.toFixed(0)).join('/');
  return `[${s.mode}] N=${s.receivers} consumers=${s.consumers} workerCPU=${cpu}% µs/pkt=${s.workerUsPerPacket.toFixed(2)} pkt/s=${Math.round(s.packetsPerSecond)} Mbit/s=${s.megabitsPerSecond.toFixed(1)} loss=${(s.loss * 100).toFixed(2)}% ${s.held ? 'held' : `FAILED (${s.reason})`}`;
}

/** Runs each mode in turn (never both at once: they would share the two cores) and compares them. */
export async function runFanout(o: FanoutOptions): Promise<FanoutResult> {
  const modes: FanoutModeResult[] = [];
  for (const mode of o.modes) modes.push(await runMode(mode, o));
  const bare = modes.find((m) => m.mode === 'bare');
  const platform = modes.find((m) => m.mode === 'platform');
  const { log: _log, ...options } = o;
  return {
    options,
    modes,
    ratio: bare && platform && bare.largestHeld > 0 ? platform.largestHeld / bare.largestHeld : null,
  };
}
