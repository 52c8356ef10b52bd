import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Config } from '../../server/src/config/config.js';
import { recordingStore } from '../../server/src/domain/recording/services.js';
import { LoadChild } from '../lib/childProcess.js';
import { decodesVideo, ffprobe, type Probe } from '../lib/ffprobe.js';
import { startPlatform, type PlatformApp } from '../lib/platformApp.js';
import { measureCpu, type CpuWindow } from './cpuWindows.js';
import { openHostSession, type HostSession } from './hostSession.js';
import { folderBytes, recorderPids, recordingFolders, segmentBytes } from './recordingFolders.js';
import { recordingIdOf, waitForReplay, type ReplayReady } from './replayReady.js';
import type { SourceRequest, SourceResponse } from './sourceProcess.js';

const SOURCE_CHILD = path.join(import.meta.dirname, 'sourceProcess.ts');
const RECORDERS_PER_SESSION = 2; // the host's camera + microphone, top layer (main) and lowest (phone)
const RECORDER_START_TIMEOUT_MS = 20_000;

export interface RecordOptions {
  /** Each round measures a session with recording off and one with it on (order alternating). */
  rounds: number;
  /** After the media flows (and, when on, the recorders run), before the first window. */
  warmupSeconds: number;
  offSeconds: number;
  onSeconds: number;
  /** CPU is read in windows of this length; medians are over windows. */
  windowSeconds: number;
  workers: number;
  /** Top simulcast layer (bit/s); the lower layers get 1/4 and 1/16 (bench/fanout's RtpSource). */
  videoBitrate: number;
  /** RECORDING_SEGMENT_SECONDS; undefined keeps the platform's default. */
  segmentSeconds?: number;
  readyTimeoutSeconds: number;
  pollMs: number;
  log?: (line: string) => void;
}

export interface CpuPhase {
  round: number;
  recording: boolean;
  sessionId: string;
  windows: CpuWindow[];
  /** The recording the session got: null when recording was off (nothing may be recorded then). */
  recordingId: string | null;
  sourceSent: SourceResponse;
}

export interface RenditionFigures {
  bytes: number;
  probe: Probe | null;
  decodes: { ok: boolean; firstError: string | null } | null;
}

export interface RecordedSession {
  round: number;
  sessionId: string;
  recordingId: string;
  /** Segment bytes (spool + store) written during the on-phase's windows, per second of wall time. */
  liveBytesPerSecond: { main: number; phone: number };
  /** After the end: the stored segments' folder bytes per track, and their media seconds (store rows). */
  segments: Record<'main' | 'phone', { files: number; bytes: number; rowBytes: number; seconds: number }>;
  /** The manifest's media time of the recording (main track). */
  durationMs: number;
  renditions: { phone: RenditionFigures; archive: RenditionFigures };
  ready: Omit<ReplayReady, 'manifest'>;
  /**
   * From the end request until the last segment was stored (the recorders finished, before the job
   * started): the part of the wait that is the live recorders', not the renditions'.
   */
  lastSegmentStoredMs: number | null;
}

export interface RecordRun {
  options: Omit<RecordOptions, 'log'>;
  segmentSeconds: number;
  phases: CpuPhase[];
  sessions: RecordedSession[];
}

/** The synthetic host in its own process: start on a session's ingress port, stop at its end. */
class Source {
  readonly #child = new LoadChild<SourceRequest, SourceResponse>(SOURCE_CHILD);
  get pid(): number {
    return this.#child.pid ?? -1;
  }
  start(port: number, videoBitrate: number, maxRunMs: number): Promise<SourceResponse> {
    return this.#child.request({ op: 'start', port, videoBitrate, maxRunMs });
  }
  stop(): Promise<SourceResponse> {
    return this.#child.request({ op: 'stop' });
  }
  close(): Promise<void> {
    return this.#child.stop();
  }
}

/** The session's recording, once its room opened with recording on (the row is written then). */
async function untilRecording(platform: PlatformApp, host: HostSession): Promise<string> {
  const deadline = Date.now() + RECORDER_START_TIMEOUT_MS;
  for (;;) {
    const id = await recordingIdOf(platform.url, host.sessionId, host.hostToken);
    if (id) return id;
    if (Date.now() > deadline) throw new Error('the session got no recording although recording is on');
    await delay(200);
  }
}

async function untilRecorders(config: Config, recordingId: string): Promise<void> {
  const deadline = Date.now() + RECORDER_START_TIMEOUT_MS;
  while (recorderPids(config, recordingId).length < RECORDERS_PER_SESSION) {
    if (Date.now() > deadline) throw new Error(`the recorders of ${recordingId} did not start within 20 s`);
    await delay(200);
  }
}

async function rendition(file: string): Promise<RenditionFigures> {
  const bytes = folderBytes(path.dirname(file), (name) => name === path.basename(file));
  if (bytes === 0) return { bytes, probe: null, decodes: null };
  return { bytes, probe: await ffprobe(file).catch(() => null), decodes: await decodesVideo(file) };
}

async function storedSegments(platform: PlatformApp, recordingId: string, endedWallMs: number) {
  const rows = await recordingStore(platform.app.ctx).segments(recordingId);
  const lastStored = Math.max(...rows.map((r) => Date.parse(r.stored_at)));
  const folders = recordingFolders(platform.app.config, recordingId);
  const of = (track: 'main' | 'phone') => {
    const own = rows.filter((r) => r.track === track);
    return {
      files: own.length,
      bytes: folderBytes(folders.segments(track), (name) => name.endsWith('.webm')),
      rowBytes: own.reduce((sum, r) => sum + r.size_bytes, 0),
      seconds: own.reduce((sum, r) => sum + r.duration_ms, 0) / 1000,
    };
  };
  return {
    tracks: { main: of('main'), phone: of('phone') },
    lastSegmentStoredMs: Number.isFinite(lastStored) ? lastStored - endedWallMs : null,
  };
}

/** One session live with recording on or off: CPU windows, then (when on) the end and the replay's readiness. */
async function runPhase(
  platform: PlatformApp,
  source: Source,
  o: RecordOptions,
  round: number,
  recording: boolean,
): Promise<{ phase: CpuPhase; session?: RecordedSession }> {
  const log = o.log ?? (() => undefined);
  const config = platform.app.config;
  const host: HostSession = await openHostSession(platform, recording);
  try {
    const liveSeconds = o.warmupSeconds + (recording ? o.onSeconds : o.offSeconds);
    await source.start(host.ingressPort, o.videoBitrate, (liveSeconds + 60) * 1000);
    const recordingId = recording ? await untilRecording(platform, host) : undefined;
    if (recordingId) await untilRecorders(config, recordingId);
    await delay(o.warmupSeconds * 1000);
    const seconds = recording ? o.onSeconds : o.offSeconds;
    const count = Math.max(1, Math.floor(seconds / o.windowSeconds));
    const written0 = recordingId ? segmentBytes(config, recordingId) : { main: 0, phone: 0 };
    const t0 = performance.now();
    const windows = await measureCpu(
      () => ({
        server: [process.pid],
        workers: platform.app.media.slots.map((s) => s.worker.pid),
        ffmpeg: recordingId ? recorderPids(config, recordingId) : [],
        source: [source.pid],
      }),
      count,
      o.windowSeconds,
    );
    const liveS = (performance.now() - t0) / 1000;
    const written1 = recordingId ? segmentBytes(config, recordingId) : { main: 0, phone: 0 };
    // Off: nothing may have been recorded, whatever the list says later.
    const recordedAnyway = recording ? null : await recordingIdOf(platform.url, host.sessionId, host.hostToken);
    if (recordedAnyway) throw new Error(`recording was off but the session got recording ${recordedAnyway}`);

    const endedAt = performance.now();
    const endedWallMs = Date.now();
    await host.end();
    const sourceSent = await source.stop();
    const phase: CpuPhase = {
      round,
      recording,
      sessionId: host.sessionId,
      windows,
      recordingId: recordingId ?? null,
      sourceSent,
    };
    log(
      `[round ${round}] recording ${recording ? 'on ' : 'off'}: ${windows.map((w) => w.total.toFixed(0)).join(' ')} % (server+workers+ffmpeg per window)`,
    );
    if (!recordingId) return { phase };

    const ready = await waitForReplay(platform.url, recordingId, host.hostToken, endedAt, {
      pollMs: o.pollMs,
      timeoutMs: o.readyTimeoutSeconds * 1000,
    });
    const { manifest, ...readyFigures } = ready;
    log(
      `[round ${round}] ended → phone ready ${ready.phoneReadyMs ?? '–'} ms, archive ${ready.archiveReadyMs ?? '–'} ms, state ${ready.state}`,
    );
    const folders = recordingFolders(config, recordingId);
    const stored = await storedSegments(platform, recordingId, endedWallMs);
    return {
      phase,
      session: {
        round,
        sessionId: host.sessionId,
        recordingId,
        liveBytesPerSecond: {
          main: (written1.main - written0.main) / liveS,
          phone: (written1.phone - written0.phone) / liveS,
        },
        segments: stored.tracks,
        durationMs: manifest.durationMs,
        renditions: {
          phone: await rendition(folders.rendition('phone')),
          archive: await rendition(folders.rendition('archive')),
        },
        ready: readyFigures,
        lastSegmentStoredMs: stored.lastSegmentStoredMs,
      },
    };
  } finally {
    host.close();
  }
}

/**
 * The real platform in this process (createApp on port 0, its defaults apart from loopback media
 * ports and, when asked, the segment length) and the synthetic host in a load process. Each round
 * runs one session with recording turned off by the host and one with it on, alternating which goes
 * first; the session with recording is ended by the host and followed until its replay is ready.
 */
export async function runRecord(o: RecordOptions): Promise<RecordRun> {
  const env: Record<string, string> = {};
  if (o.segmentSeconds !== undefined) env.RECORDING_SEGMENT_SECONDS = String(o.segmentSeconds);
  const platform = await startPlatform({ workers: o.workers, env });
  const source = new Source();
  const phases: CpuPhase[] = [];
  const sessions: RecordedSession[] = [];
  try {
    for (let round = 1; round <= o.rounds; round++) {
      const order = round % 2 === 1 ? [false, true] : [true, false];
      for (const recording of order) {
        const { phase, session } = await runPhase(platform, source, o, round, recording);
        phases.push(phase);
        if (session) sessions.push(session);
      }
    }
    const { log: _log, ...options } = o;
    return { options, segmentSeconds: platform.app.config.recording.segmentSeconds, phases, sessions };
  } finally {
    await source.close();
    await platform.close();
  }
}
