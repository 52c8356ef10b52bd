import os from 'node:os';
import { parseArgs } from 'node:util';
import { integerOption, numberOption } from '../lib/args.js';
import { benchMain } from '../lib/benchMain.js';
import type { LatencySummary } from '../lib/stats.js';
import { formatTable } from '../lib/table.js';
import { runProvince, type ProvinceOptions, type ProvinceResult } from './runProvince.js';

const USAGE = `npm run bench:province -- [options]
  --endpoints N            receiving endpoints of the host's broadcast, one commune each (default 312)
  --members N              member phones, spread over the endpoints (default 26295)
  --arrival S              members arrive evenly over S seconds (default 300)
  --questions N            questions, each answered once by every checked-in member (default 3)
  --window-ms MS           answers spread over this window (default 10000)
  --ack-timeout-ms MS      an answer without ack by then is a timeout (default 30000)
  --resend-share F         share of members that send their answer again after the ack (default 0.02)
  --reconnect-share F      share of members whose socket drops before answering, then reconnect (default 0.02)
  --bitrate BPS            top simulcast layer of the host's broadcast (default 1000000)
  --nodes N                platform node processes (default: enough for 15,000 sockets each, at least 2)
  --load-processes N       member load processes (default: enough for 15,000 sockets each, at least 2)
  --media-workers N        mediasoup workers of the media node (default: one per core = ${os.cpus().length})
  --media-window-ms MS     media loss window (default 2000)
  --max-seconds S          the whole run stops within S seconds; arrivals are cut short (default 900)`;

export function parseProvinceArgs(argv: string[]): ProvinceOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      endpoints: { type: 'string', default: '312' },
      members: { type: 'string', default: '26295' },
      arrival: { type: 'string', default: '300' },
      questions: { type: 'string', default: '3' },
      'window-ms': { type: 'string', default: '10000' },
      'ack-timeout-ms': { type: 'string', default: '30000' },
      'resend-share': { type: 'string', default: '0.02' },
      'reconnect-share': { type: 'string', default: '0.02' },
      bitrate: { type: 'string', default: '1000000' },
      nodes: { type: 'string', default: '2' },
      'load-processes': { type: 'string', default: '2' },
      'media-workers': { type: 'string', default: String(os.cpus().length) },
      'media-window-ms': { type: 'string', default: '2000' },
      'max-seconds': { type: 'string', default: '900' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) throw new Error(USAGE);
  const int = integerOption(USAGE);
  const num = numberOption(USAGE);
  return {
    endpoints: int(values.endpoints, 'endpoints', 1, 2000),
    members: int(values.members, 'members', 1, 100_000),
    arrivalMs: num(values.arrival, 'arrival', 1, 3600) * 1000,
    questions: int(values.questions, 'questions', 1, 16),
    windowMs: int(values['window-ms'], 'window-ms', 100, 120_000),
    ackTimeoutMs: int(values['ack-timeout-ms'], 'ack-timeout-ms', 100, 120_000),
    resendShare: num(values['resend-share'], 'resend-share', 0, 1),
    reconnectShare: num(values['reconnect-share'], 'reconnect-share', 0, 1),
    videoBitrate: int(values.bitrate, 'bitrate', 50_000, 20_000_000),
    nodes: int(values.nodes, 'nodes', 1, 16),
    loadProcesses: int(values['load-processes'], 'load-processes', 1, 16),
    mediaWorkers: int(values['media-workers'], 'media-workers', 1, 64),
    mediaWindowMs: int(values['media-window-ms'], 'media-window-ms', 500, 60_000),
    maxRunMs: int(values['max-seconds'], 'max-seconds', 30, 7200) * 1000,
  };
}

const triple = (l: LatencySummary): string => `${l.median} / ${l.p95} / ${l.p99}`;
const pct = (f: number): string => (f * 100).toFixed(2);

export function provinceTables(r: ProvinceResult): string {
  const a = r.arrival;
  const arrival = formatTable(
    [
      'members',
      'signed in',
      'checked in',
      'not started',
      'failed',
      'sign-in p50/p95/p99 ms',
      'join p50/p95/p99 ms',
      'check-in p50/p95/p99 ms',
      'sign-ins/s',
      'per core-s',
      'busy retries',
      'code retries',
      'check-in busy',
    ],
    [
      [
        a.members,
        a.signedIn,
        a.checkedIn,
        a.notStarted,
        a.failed,
        triple(a.signInMs),
        triple(a.joinMs),
        triple(a.checkinMs),
        a.signInsPerSecond,
        a.signInsPerCoreSecond,
        a.signInRetries,
        a.checkinRetries,
        a.checkinBusy,
      ],
    ],
  );
  const bursts = [...r.questions.map((q) => ({ name: `q${q.round}`, ...q })), { name: 'bare', ...r.signaling }];
  const questions = formatTable(
    [
      'question',
      'got it',
      'sent',
      'acked',
      'stored',
      'resent',
      'reconnected',
      'push p99 ms',
      'ack p50/p95/p99 ms',
      'ack max',
      'server CPU %',
    ],
    bursts.map((b) => [
      b.name,
      b.questionsReceived,
      b.sent,
      b.acked,
      b.stored ?? 'n/a',
      b.resent,
      b.reconnected,
      b.pushDelayMs.p99,
      triple(b.ackLatencyMs),
      b.ackLatencyMs.max,
      Math.round(b.serverCpu),
    ]),
  );
  const groups = Object.keys(r.phases[0]?.cpu ?? {});
  const phases = formatTable(
    ['phase', 's', 'lag p99 ms (per node)', 'loss max / mean %', ...groups.map((g) => `${g} CPU %`)],
    r.phases.map((p) => [
      p.phase,
      p.seconds,
      r.lag
        .find((l) => l.phase === p.phase)
        ?.nodes.map((n) => n.p99)
        .join(' / '),
      p.media.windows > 0 ? `${pct(p.media.maxLoss)} / ${pct(p.media.meanLoss)}` : '–',
      ...groups.map((g) => Math.round(p.cpu[g] ?? 0)),
    ]),
  );
  const memory = formatTable(
    ['phase', ...groups.map((g) => `${g} MB`)],
    r.phases.map((p) => [p.phase, ...groups.map((g) => p.rssMb[g] ?? 0)]),
  );
  const e = r.enrolment;
  return [
    `setup: ${e.members} members imported in ${e.importSeconds.toFixed(1)} s; PINs issued in ${e.pinSeconds.toFixed(1)} s (${e.pinsPerSecond.toFixed(0)}/s, keyed hashes written by the PIN batch job)`,
    `\narrival\n${arrival}`,
    `\nquestions (bare = system:notice/system:time on the same phones, nothing stored)\n${questions}`,
    `\nphases (CPU % of one core; workers = every mediasoup worker)\n${phases}`,
    `\nresident memory, largest in the phase\n${memory}`,
    `\n${r.verdict.line}`,
  ].join('\n');
}

if (import.meta.filename === process.argv[1])
  await benchMain({
    name: 'province',
    parse: parseProvinceArgs,
    banner: (o) =>
      `province day: ${o.endpoints} endpoints, ${o.members} members over ${o.arrivalMs / 1000} s, ${o.questions} questions, ${os.cpus().length} cores, store ${process.env.BENCH_DATABASE_URL ? 'PostgreSQL' : 'SQLite'}`,
    run: runProvince,
    table: provinceTables,
  });
