import { summarize } from '../lib/stats.js';
import type { CpuWindow } from './cpuWindows.js';
import type { RecordRun } from './runRecord.js';

const MB = 1e6;
const median = (values: readonly number[]): number => (values.length > 0 ? summarize(values).median : Number.NaN);
const medianOrNull = (values: readonly (number | null)[]): number | null => {
  const known = values.filter((v): v is number => v !== null);
  return known.length === values.length && known.length > 0 ? median(known) : null;
};

type CpuFigures = Omit<CpuWindow, 'ffmpegProcesses'>;
const CPU_KEYS = ['server', 'workers', 'ffmpeg', 'total', 'source', 'machine', 'others'] as const;

function cpuMedians(windows: readonly CpuWindow[]): CpuFigures & { windows: number } {
  const out = { windows: windows.length } as CpuFigures & { windows: number };
  for (const k of CPU_KEYS) out[k] = median(windows.map((w) => w[k]));
  return out;
}

export interface RecordSummary {
  cpuOff: CpuFigures & { windows: number };
  cpuOn: CpuFigures & { windows: number };
  /** on − off of each median: what recording one live session costs, % of one core. */
  cpuCost: { server: number; workers: number; ffmpeg: number; total: number };
  /** Segments written while live (median over sessions), MB per hour of recording. */
  mbPerHour: { main: number; phone: number; total: number };
  /** The same from what was stored after the end: segment folder bytes / media seconds of the rows. */
  storedMbPerHour: { main: number; phone: number; total: number };
  /** The renditions made after the end, per hour of recording (bytes / manifest duration). */
  renditionMbPerHour: { phone: number; archive: number };
  phoneReadyMs: number | null;
  archiveReadyMs: number | null;
  readyMs: number | null;
  /** End → the last segment stored (the live recorders finishing), median. */
  lastSegmentStoredMs: number | null;
  /** The manifest's own phoneReadyAt − endedAt, median (its endedAt is when the recording stopped). */
  serverPhoneReadyMs: number | null;
  /** Whether the renditions' video decodes (the synthetic source's payload is not real VP8). */
  videoDecodes: boolean;
  firstDecodeError: string | null;
  /** ffprobe's duration of the renditions against the manifest's media time (ms, per session). */
  durations: { manifestMs: number; phoneProbeMs: number | null; archiveProbeMs: number | null }[];
  complete: boolean;
  verdict: string;
}

export function summarizeRecord(run: RecordRun): RecordSummary {
  const off = run.phases.filter((p) => !p.recording).flatMap((p) => p.windows);
  const on = run.phases.filter((p) => p.recording).flatMap((p) => p.windows);
  const cpuOff = cpuMedians(off);
  const cpuOn = cpuMedians(on);
  const cost = {
    server: cpuOn.server - cpuOff.server,
    workers: cpuOn.workers - cpuOff.workers,
    ffmpeg: cpuOn.ffmpeg - cpuOff.ffmpeg,
    total: cpuOn.total - cpuOff.total,
  };
  const s = run.sessions;
  const perHour = (bytesPerSecond: number) => (bytesPerSecond * 3600) / MB;
  const live = {
    main: median(s.map((x) => perHour(x.liveBytesPerSecond.main))),
    phone: median(s.map((x) => perHour(x.liveBytesPerSecond.phone))),
  };
  const storedRate = (track: 'main' | 'phone') =>
    median(s.map((x) => perHour(x.segments[track].bytes / Math.max(0.001, x.segments[track].seconds))));
  const stored = { main: storedRate('main'), phone: storedRate('phone') };
  const renditionRate = (name: 'phone' | 'archive') =>
    median(s.map((x) => perHour(x.renditions[name].bytes / Math.max(0.001, x.durationMs / 1000))));
  const decodeResults = s.flatMap((x) => [x.renditions.phone.decodes, x.renditions.archive.decodes]);
  const videoDecodes = decodeResults.length > 0 && decodeResults.every((d) => d?.ok === true);
  const firstDecodeError = decodeResults.find((d) => d && !d.ok)?.firstError ?? null;
  const phoneReadyMs = medianOrNull(s.map((x) => x.ready.phoneReadyMs));
  const archiveReadyMs = medianOrNull(s.map((x) => x.ready.archiveReadyMs));
  const readyMs = medianOrNull(s.map((x) => x.ready.readyMs));
  const lastSegmentStoredMs = medianOrNull(s.map((x) => x.lastSegmentStoredMs));
  const serverPhoneReadyMs = medianOrNull(s.map((x) => x.ready.serverPhoneReadyMs));
  const complete =
    off.length > 0 &&
    on.length > 0 &&
    s.length > 0 &&
    s.every((x) => x.segments.main.bytes > 0 && x.segments.phone.bytes > 0 && x.ready.state === 'ready') &&
    phoneReadyMs !== null;
  const sessionsPerCore = cost.total > 0 ? Math.floor(100 / cost.total) : null;
  const verdict = complete
    ? `recording one live session costs ${cost.total.toFixed(1)} % of a core (ffmpeg ${cpuOn.ffmpeg.toFixed(1)} %)` +
      (sessionsPerCore !== null ? `, about ${sessionsPerCore} sessions per core` : '') +
      `; ${(stored.main + stored.phone).toFixed(0)} MB of segments per hour (+ ${(renditionRate('phone') + renditionRate('archive')).toFixed(0)} MB/hour of renditions);` +
      ` phone replay ready ${((phoneReadyMs ?? 0) / 1000).toFixed(1)} s after the host ended the session`
    : 'INCOMPLETE: a phase measured nothing, a track wrote no bytes or a replay was not ready (see the rows)';
  return {
    cpuOff,
    cpuOn,
    cpuCost: cost,
    mbPerHour: { ...live, total: live.main + live.phone },
    storedMbPerHour: { ...stored, total: stored.main + stored.phone },
    renditionMbPerHour: { phone: renditionRate('phone'), archive: renditionRate('archive') },
    phoneReadyMs,
    archiveReadyMs,
    readyMs,
    lastSegmentStoredMs,
    serverPhoneReadyMs,
    videoDecodes,
    firstDecodeError,
    durations: s.map((x) => ({
      manifestMs: x.durationMs,
      phoneProbeMs: x.renditions.phone.probe?.durationMs ?? null,
      archiveProbeMs: x.renditions.archive.probe?.durationMs ?? null,
    })),
    complete,
    verdict,
  };
}
