import os from 'node:os';
import { parseArgs } from 'node:util';
import { writeResult } from '../lib/results.js';
import { formatTable } from '../lib/table.js';
import { runFanout, type FanoutResult } from './runFanout.js';
import type { FanoutMode } from './topology.js';

const USAGE = `npm run bench:fanout -- [options]
  --modes bare,platform      which modes to run, in that order (default both)
  --steps 50,100,200,…       receiver counts to step through
  --workers N                mediasoup workers (default: one per core = ${os.cpus().length})
  --bitrate BPS              top simulcast layer bitrate (default 1000000)
  --load-processes N         receiver load processes (default 2)
  --settle-ms MS             wait after adding receivers (default 2000)
  --measure-ms MS            measurement window per step (default 4000)
  --max-seconds-per-mode S   stop stepping a mode after S seconds (default 140)
  --loss-limit F             fraction (default 0.01)
  --cpu-limit PCT            worker CPU counted as saturated (default 95)
  --retries N                re-measure a failed step up to N times when other processes were busy (default 2)
  --contention-limit PCT     "busy": other processes above this CPU % of one core (default 25)
  --verify                   read every consumer's stats at the end (slow for large N)`;

function numbers(text: string): number[] {
  return text
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n > 0)
    .sort((a, b) => a - b);
}

/** Parses the command line; throws with the usage text on a bad option. */
export function parseFanoutArgs(argv: string[]): Parameters<typeof runFanout>[0] {
  const { values } = parseArgs({
    args: argv,
    options: {
      modes: { type: 'string', default: 'bare,platform' },
      steps: { type: 'string', default: '50,100,150,200,250,300,350,400,500,600,700,800,1000,1200' },
      workers: { type: 'string', default: String(os.cpus().length) },
      bitrate: { type: 'string', default: '1000000' },
      'load-processes': { type: 'string', default: '2' },
      'settle-ms': { type: 'string', default: '2000' },
      'measure-ms': { type: 'string', default: '4000' },
      'max-seconds-per-mode': { type: 'string', default: '140' },
      'loss-limit': { type: 'string', default: '0.01' },
      'cpu-limit': { type: 'string', default: '95' },
      retries: { type: 'string', default: '2' },
      'contention-limit': { type: 'string', default: '25' },
      verify: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) throw new Error(USAGE);
  const modes = values.modes.split(',').map((m) => m.trim());
  if (!modes.every((m): m is FanoutMode => m === 'bare' || m === 'platform')) throw new Error(`bad --modes\n${USAGE}`);
  const steps = numbers(values.steps);
  const int = (v: string, name: string, min: number, max: number): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(`bad --${name} (${min}…${max})\n${USAGE}`);
    return n;
  };
  if (steps.length === 0 || steps.at(-1)! > 60_000) throw new Error(`bad --steps\n${USAGE}`);
  return {
    modes,
    steps,
    workers: int(values.workers, 'workers', 1, 64),
    videoBitrate: int(values.bitrate, 'bitrate', 50_000, 20_000_000),
    loadProcesses: int(values['load-processes'], 'load-processes', Math.ceil(steps.at(-1)! / 15_000), 16),
    settleMs: int(values['settle-ms'], 'settle-ms', 200, 60_000),
    measureMs: int(values['measure-ms'], 'measure-ms', 500, 120_000),
    maxMsPerMode: int(values['max-seconds-per-mode'], 'max-seconds-per-mode', 1, 3600) * 1000,
    lossLimit: int(values['loss-limit'], 'loss-limit', 0, 1),
    cpuLimit: int(values['cpu-limit'], 'cpu-limit', 1, 100),
    retries: int(values.retries, 'retries', 0, 10),
    contentionLimit: int(values['contention-limit'], 'contention-limit', 0, 10_000),
    verifyWithConsumerStats: values.verify,
  };
}

export function fanoutTable(result: FanoutResult): string {
  const rows = result.modes.flatMap((m) =>
    m.steps.map((s) => [
      s.mode,
      s.receivers,
      s.attempt,
      s.consumers,
      s.workers,
      s.workerCpu.map((c) => c.toFixed(0)).join('/'),
      Math.round(s.mainCpu),
      Math.round(s.loadCpu),
      Math.round(s.otherCpu),
      Math.round(s.packetsPerSecond),
      s.megabitsPerSecond,
      (s.loss * 100).toFixed(2),
      s.kernelUdpDrops,
      (s.ingressLoss * 100).toFixed(2),
      s.held ? 'yes' : `no: ${s.reason}`,
    ]),
  );
  const table = formatTable(
    [
      'mode',
      'N',
      'try',
      'consumers',
      'workers',
      'worker CPU %',
      'node CPU %',
      'load CPU %',
      'others CPU %',
      'pkt/s out',
      'Mbit/s out',
      'loss %',
      'kernel drops',
      'ingress loss %',
      'held',
    ],
    rows,
  );
  const summary = result.modes.map(
    (m) => `${m.mode}: largest N held = ${m.largestHeld} (${m.stoppedBecause}); placement: ${m.placement}`,
  );
  if (result.ratio !== null) summary.push(`platform / bare = ${result.ratio.toFixed(2)}`);
  return `${table}\n\n${summary.join('\n')}`;
}

async function main(): Promise<void> {
  let options: Parameters<typeof runFanout>[0];
  try {
    options = parseFanoutArgs(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 2;
    return;
  }
  const startedAt = new Date();
  console.log(
    `fan-out: ${options.modes.join(' then ')}, ${options.workers} workers, VP8 top layer ${options.videoBitrate / 1e6} Mbit/s + Opus, SRTP AEAD_AES_256_GCM, ${os.cpus().length} cores`,
  );
  const result = await runFanout({ ...options, log: (line) => console.log(line) });
  console.log(`\n${fanoutTable(result)}`);
  console.log(`\nresults: ${writeResult('fanout', startedAt, result)}`);
}

if (import.meta.filename === process.argv[1]) await main();
