import os from 'node:os';
import { parseArgs } from 'node:util';
import { integerOption } from '../lib/args.js';
import { writeResult } from '../lib/results.js';
import { formatTable } from '../lib/table.js';
import { runRecord, type RecordOptions, type RecordRun } from './runRecord.js';
import { summarizeRecord, type RecordSummary } from './summary.js';

const USAGE = `npm run bench:record -- [options]
  --rounds N             rounds; each runs a session with recording off and one with it on (default 2)
  --off-seconds S        CPU measured with recording off, per round (default 20)
  --on-seconds S         CPU measured with recording on, per round; the recording lasts about this long (default 30)
  --warmup-seconds S     after the media (and the recorders) start, before measuring (default 4)
  --window-seconds S     CPU window; medians are over windows (default 5)
  --bitrate BPS          top simulcast layer (default 1500000; the lower layers get 1/4 and 1/16)
  --workers N            mediasoup workers (default: one per core = ${os.cpus().length})
  --segment-seconds S    RECORDING_SEGMENT_SECONDS (default: the platform's)
  --ready-timeout S      wait for the replay at most this long after the end (default 120)
  --poll-ms MS           manifest polling interval (default 100)`;

export function parseRecordArgs(argv: string[]): RecordOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      rounds: { type: 'string', default: '2' },
      'off-seconds': { type: 'string', default: '20' },
      'on-seconds': { type: 'string', default: '30' },
      'warmup-seconds': { type: 'string', default: '4' },
      'window-seconds': { type: 'string', default: '5' },
      bitrate: { type: 'string', default: '1500000' },
      workers: { type: 'string', default: String(os.cpus().length) },
      'segment-seconds': { type: 'string' },
      'ready-timeout': { type: 'string', default: '120' },
      'poll-ms': { type: 'string', default: '100' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) throw new Error(USAGE);
  const int = integerOption(USAGE);
  const windowSeconds = int(values['window-seconds'], 'window-seconds', 1, 600);
  return {
    rounds: int(values.rounds, 'rounds', 1, 20),
    offSeconds: int(values['off-seconds'], 'off-seconds', windowSeconds, 3600),
    onSeconds: int(values['on-seconds'], 'on-seconds', windowSeconds, 3600),
    warmupSeconds: int(values['warmup-seconds'], 'warmup-seconds', 0, 600),
    windowSeconds,
    videoBitrate: int(values.bitrate, 'bitrate', 50_000, 20_000_000),
    workers: int(values.workers, 'workers', 1, 64),
    ...(values['segment-seconds'] === undefined
      ? {}
      : { segmentSeconds: int(values['segment-seconds'], 'segment-seconds', 1, 60) }),
    readyTimeoutSeconds: int(values['ready-timeout'], 'ready-timeout', 5, 3600),
    pollMs: int(values['poll-ms'], 'poll-ms', 10, 10_000),
  };
}

const mb = (bytes: number) => bytes / 1e6;
const seconds = (ms: number | null | undefined) => (ms === null || ms === undefined ? undefined : ms / 1000);

export function recordTable(run: RecordRun, s: RecordSummary): string {
  const cpuHeaders = ['', 'windows', 'server %', 'workers %', 'ffmpeg %', 'total %', 'source %', 'others %'];
  const cpuRow = (label: string, c: RecordSummary['cpuOn']) => [
    label,
    c.windows,
    c.server,
    c.workers,
    c.ffmpeg,
    c.total,
    c.source,
    c.others,
  ];
  const perPhase = run.phases.map((p) => {
    const m = summarizeRecord({ ...run, phases: [p], sessions: [] });
    return cpuRow(`round ${p.round}, recording ${p.recording ? 'on' : 'off'}`, p.recording ? m.cpuOn : m.cpuOff);
  });
  const cpu = formatTable(cpuHeaders, [
    ...perPhase,
    cpuRow('median, recording off', s.cpuOff),
    cpuRow('median, recording on', s.cpuOn),
    ['recording costs (on − off)', '', s.cpuCost.server, s.cpuCost.workers, s.cpuCost.ffmpeg, s.cpuCost.total, '', ''],
  ]);
  const disk = formatTable(
    [
      'round',
      'media s',
      'main seg MB',
      'phone seg MB',
      'live MB/h main+phone',
      'stored MB/h main+phone',
      'phone.webm MB',
      'archive.webm MB',
      'ffprobe phone/archive s',
      'end→last segment ms',
      'end→phone ms',
      'end→archive ms',
      'end→ready ms',
    ],
    run.sessions.map((x) => [
      x.round,
      x.durationMs / 1000,
      mb(x.segments.main.bytes),
      mb(x.segments.phone.bytes),
      `${((x.liveBytesPerSecond.main * 3600) / 1e6).toFixed(0)}+${((x.liveBytesPerSecond.phone * 3600) / 1e6).toFixed(0)}`,
      `${((x.segments.main.bytes / x.segments.main.seconds) * 0.0036).toFixed(0)}+${((x.segments.phone.bytes / x.segments.phone.seconds) * 0.0036).toFixed(0)}`,
      mb(x.renditions.phone.bytes),
      mb(x.renditions.archive.bytes),
      `${seconds(x.renditions.phone.probe?.durationMs)?.toFixed(1) ?? '–'}/${seconds(x.renditions.archive.probe?.durationMs)?.toFixed(1) ?? '–'}`,
      x.lastSegmentStoredMs ?? undefined,
      x.ready.phoneReadyMs ?? undefined,
      x.ready.archiveReadyMs ?? undefined,
      x.ready.readyMs ?? undefined,
    ]),
  );
  const lines = [
    `disk: ${s.storedMbPerHour.total.toFixed(0)} MB of segments per hour of recording (main ${s.storedMbPerHour.main.toFixed(0)}, phone ${s.storedMbPerHour.phone.toFixed(0)}; written while live ${s.mbPerHour.total.toFixed(0)}), renditions phone ${s.renditionMbPerHour.phone.toFixed(0)} + archive ${s.renditionMbPerHour.archive.toFixed(0)} MB/hour`,
    `replay: end → last segment stored median ${s.lastSegmentStoredMs ?? '–'} ms (the recorders finishing), → phone ready ${s.phoneReadyMs ?? '–'} ms, → archive ready ${s.archiveReadyMs ?? '–'} ms, → ready ${s.readyMs ?? '–'} ms (polled every ${run.options.pollMs} ms); the manifest's phoneReadyAt − endedAt says ${s.serverPhoneReadyMs ?? '–'} ms`,
    s.videoDecodes
      ? 'video: the renditions decode'
      : `video: the synthetic VP8 payload is not decodable video (${s.firstDecodeError ?? 'no video'}); the recorder copies packets without decoding, so CPU and bytes stay meaningful; ffprobe reads the containers' durations`,
    `verdict: ${s.verdict}`,
  ];
  return `${cpu}\n\n${disk}\n\n${lines.join('\n')}`;
}

async function main(): Promise<void> {
  let options: RecordOptions;
  try {
    options = parseRecordArgs(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 2;
    return;
  }
  const startedAt = new Date();
  const estimate = options.rounds * (2 * options.warmupSeconds + options.offSeconds + options.onSeconds + 15);
  console.log(
    `record: ${options.rounds} rounds of recording off (${options.offSeconds} s) and on (${options.onSeconds} s), VP8 simulcast top layer ${options.videoBitrate / 1e6} Mbit/s + Opus, ${options.workers} workers, ${os.cpus().length} cores (≈ ${Math.round(estimate)} s)`,
  );
  const run = await runRecord({ ...options, log: (line) => console.log(line) });
  const summary = summarizeRecord(run);
  console.log(`\n${recordTable(run, summary)}`);
  console.log(`\nresults: ${writeResult('record', startedAt, { ...run, summary })}`);
  if (!summary.complete) process.exitCode = 1;
}

if (import.meta.filename === process.argv[1]) await main();
