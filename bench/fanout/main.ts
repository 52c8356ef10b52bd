import os from 'node:os';
import { parseArgs } from 'node:util';
import { writeResult } from '../lib/results.js';
import { fanoutTable } from './fanoutTable.js';
import { runFanoutBuilds, type BuildsOptions } from './runBuilds.js';
import { SRTP_BUILDS, type SrtpBuild } from './srtpBuilds.js';
import type { FanoutMode } from './topology.js';

const USAGE = `npm run bench:fanout -- [options]
  --srtp openssl,system      worker SRTP builds to measure, one after the other (default both)
  --modes bare,platform      which modes to run per build, in that order (default both)
  --steps 100,200,…          receiver counts to step through (default 100,200,300,350 … 800,900,1000,1200)
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
export function parseFanoutArgs(argv: string[]): BuildsOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      srtp: { type: 'string', default: SRTP_BUILDS.join(',') },
      modes: { type: 'string', default: 'bare,platform' },
      // Steps of 50 where the target (600 receivers per worker core) is expected to be decided.
      steps: { type: 'string', default: '100,200,300,350,400,450,500,550,600,650,700,750,800,900,1000,1200' },
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
  const builds = values.srtp.split(',').map((b) => b.trim());
  if (builds.length === 0 || new Set(builds).size !== builds.length) throw new Error(`bad --srtp\n${USAGE}`);
  if (!builds.every((b): b is SrtpBuild => (SRTP_BUILDS as readonly string[]).includes(b)))
    throw new Error(`bad --srtp (openssl, system)\n${USAGE}`);
  const steps = numbers(values.steps);
  const int = (v: string, name: string, min: number, max: number): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(`bad --${name} (${min}…${max})\n${USAGE}`);
    return n;
  };
  if (steps.length === 0 || steps.at(-1)! > 60_000) throw new Error(`bad --steps\n${USAGE}`);
  return {
    builds,
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

async function main(): Promise<void> {
  let options: BuildsOptions;
  try {
    options = parseFanoutArgs(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 2;
    return;
  }
  const startedAt = new Date();
  console.log(
    `fan-out: SRTP builds ${options.builds.join(' then ')}, each ${options.modes.join(' then ')}, ${options.workers} workers, VP8 top layer ${options.videoBitrate / 1e6} Mbit/s + Opus, SRTP AEAD_AES_256_GCM, ${os.cpus().length} cores`,
  );
  const result = await runFanoutBuilds({ ...options, log: (line) => console.log(line) });
  console.log(`\n${fanoutTable(result)}`);
  console.log(`\nresults: ${writeResult('fanout', startedAt, result)}`);
  // A build that could not run is an error of the run; NOT MET is a finding, not an error.
  if (result.builds.some((b) => b.result === null)) process.exitCode = 1;
}

if (import.meta.filename === process.argv[1]) await main();
