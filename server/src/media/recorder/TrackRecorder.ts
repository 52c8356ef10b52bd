import { EventEmitter } from 'node:events';
import { watch, type FSWatcher } from 'node:fs';
import { readdir, rm, stat, writeFile } from 'node:fs/promises';
import { isIPv4 } from 'node:net';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from '../../logging/logger.js';
import type { MediasoupTypes } from '../mediasoup.js';
import { recorderErrors } from './errors.js';
import { FfmpegProcess, type FfmpegExit } from './ffmpegProcess.js';
import { checkTracks, openSink, sdpStreamOf, type RecorderSink } from './recorderSinks.js';
import { recorderSdp } from './sdp.js';
import { readSegmentList, segmentIndexOf } from './segmentList.js';
import { closedSegmentOf, removePidFile, spoolFiles, writePidFile, type ClosedSegment } from './spool.js';
import { freePortPairs, processHoldsUdpPorts } from './udpPorts.js';

export interface TrackRecorderOptions {
  /** Where the producers are (the room's origin router). */
  router: MediasoupTypes.Router;
  /** At least one of audio / video. */
  audio?: MediasoupTypes.Producer;
  video?: MediasoupTypes.Producer;
  /** 'top': highest simulcast layer (archive); 'phone': the layer that fits a phone (recorderSinks.ts). */
  layer: 'top' | 'phone';
  /** A folder the recorder owns for this run (created by the caller). */
  spoolDir: string;
  /** Target segment length (config RECORDING_SEGMENT_SECONDS). */
  segmentSeconds: number;
  /** The PlainTransports and ffmpeg talk on this address: loopback. */
  listenIp: string;
  /** Default 'ffmpeg'. */
  ffmpegPath?: string;
  /** ffmpeg ends by itself after this long without a packet; default 5. */
  inputTimeoutSeconds?: number;
  log: Logger;
}

export type RecorderEndReason = 'stopped' | 'failed' | 'input-lost';

/** Why a run ended 'failed': the domain marks the gap with it. */
export interface RecorderFailure {
  kind: 'disk-full' | 'write-error' | 'ffmpeg-exit' | 'killed';
  message: string;
}

interface RecorderEvents {
  segment: [ClosedSegment];
  ended: [reason: RecorderEndReason];
}

const START_ATTEMPTS = 3;
const LISTEN_WAIT_MS = 5000;
const STOP_GRACE_MS = 10_000;
const LIST_POLL_MS = 500;

function checkOptions(o: TrackRecorderOptions): void {
  if (!Number.isFinite(o.segmentSeconds) || o.segmentSeconds < 1 || o.segmentSeconds > 60)
    throw recorderErrors.badOption('segmentSeconds must be between 1 and 60');
  if (!isIPv4(o.listenIp) || o.listenIp === '0.0.0.0')
    throw recorderErrors.badOption('listenIp must be one IPv4 address (loopback)');
  const timeout = o.inputTimeoutSeconds ?? 5;
  if (!Number.isInteger(timeout) || timeout < 1 || timeout > 120)
    throw recorderErrors.badOption('inputTimeoutSeconds must be a whole number of seconds, 1 to 120');
  checkTracks(o);
}

/** ffmpeg started and listening on the sinks' ports, or why not. */
async function startFfmpeg(
  o: TrackRecorderOptions,
  sinks: RecorderSink[],
  log: Logger,
): Promise<{ ffmpeg: FfmpegProcess; ports: number[] }> {
  const files = spoolFiles(o.spoolDir);
  for (let attempt = 1; ; attempt++) {
    const ports = await freePortPairs(sinks.length, o.listenIp);
    const sdp = recorderSdp(
      sinks.map((s, i) => sdpStreamOf(s, ports[i]!)),
      o.listenIp,
    );
    await writeFile(files.sdp, sdp).catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'ENOSPC' ? recorderErrors.spoolFull(error) : error;
    });
    const ffmpeg = new FfmpegProcess(
      {
        ffmpegPath: o.ffmpegPath ?? 'ffmpeg',
        spoolDir: o.spoolDir,
        sdpPath: files.sdp,
        listPath: files.list,
        listenIp: o.listenIp,
        segmentSeconds: o.segmentSeconds,
        inputTimeoutSeconds: o.inputTimeoutSeconds ?? 5,
      },
      (line) => log.debug({ ffmpeg: line }, 'recorder ffmpeg'),
    );
    let exit: FfmpegExit | undefined;
    void ffmpeg.exited.then((e) => (exit = e));
    // Written at once, so a crash while starting still leaves the orphan findable.
    if (ffmpeg.pid !== undefined) await writePidFile(o.spoolDir, ffmpeg.pid).catch(() => undefined);
    const allPorts = ports.flatMap((p) => [p, p + 1]);
    for (let waited = 0; waited < LISTEN_WAIT_MS && !exit; waited += 25) {
      if (ffmpeg.pid !== undefined && (await processHoldsUdpPorts(ffmpeg.pid, allPorts))) return { ffmpeg, ports };
      await delay(25);
    }
    ffmpeg.kill();
    exit ??= await ffmpeg.exited;
    await removePidFile(o.spoolDir);
    const lost = /Address already in use|bind failed/i.test(exit.tail);
    if (lost && attempt < START_ATTEMPTS) {
      log.warn({ attempt }, 'recorder ports taken before ffmpeg bound them; retrying');
      continue;
    }
    throw recorderErrors.ffmpegDidNotStart(
      exit.code === null && exit.signal === null ? exit.tail.split('\n')[0]! : 'it did not listen in time',
    );
  }
}

/**
 * Records one track group (a camera with its microphone, a screen share…) of a router: the
 * producers are consumed by PlainTransports into ffmpeg, which copies the packets into
 * self-contained WebM segments in the spool folder; 'segment' is emitted as each one closes, and
 * 'ended' once, when ffmpeg has exited and the consumers are closed.
 */
export class TrackRecorder extends EventEmitter<RecorderEvents> {
  /** Epoch ms of media time 0 of this run (the consumers were resumed then). */
  readonly startedAt: number;
  readonly spoolDir: string;
  readonly #o: TrackRecorderOptions;
  readonly #log: Logger;
  readonly #sinks: RecorderSink[];
  readonly #ffmpeg: FfmpegProcess;
  readonly #emitted = new Set<number>();
  readonly #done: Promise<void>;
  readonly #timers = new Set<NodeJS.Timeout>();
  #watcher: FSWatcher | undefined;
  #draining: Promise<void> = Promise.resolve();
  #stopRequested = false;
  #inputLost = false;
  #killed = false;
  #sinksClosed = false;
  #ended = false;
  #failure: RecorderFailure | undefined;

  /** Resolves when ffmpeg listens and the consumers are resumed with a keyframe asked for. */
  static async start(options: TrackRecorderOptions): Promise<TrackRecorder> {
    checkOptions(options);
    const info = await stat(options.spoolDir).catch(() => undefined);
    if (!info?.isDirectory()) throw recorderErrors.badOption('spoolDir must be an existing folder');
    const log = options.log.child({ module: 'recorder', spool: path.basename(options.spoolDir), layer: options.layer });
    const sinks: RecorderSink[] = [];
    let ffmpeg: FfmpegProcess | undefined;
    try {
      if (options.audio) sinks.push(await openSink(options.router, options.audio, options.layer, options.listenIp));
      if (options.video) sinks.push(await openSink(options.router, options.video, options.layer, options.listenIp));
      const started = await startFfmpeg(options, sinks, log);
      ffmpeg = started.ffmpeg;
      for (const [i, sink] of sinks.entries()) {
        const port = started.ports[i]!;
        await sink.transport.connect({ ip: options.listenIp, port, rtcpPort: port + 1 });
      }
      return new TrackRecorder(options, log, sinks, ffmpeg, Date.now());
    } catch (error) {
      ffmpeg?.kill();
      if (ffmpeg) await ffmpeg.exited;
      await removePidFile(options.spoolDir).catch(() => undefined);
      for (const s of sinks) s.transport.close();
      throw error;
    }
  }

  private constructor(
    o: TrackRecorderOptions,
    log: Logger,
    sinks: RecorderSink[],
    ffmpeg: FfmpegProcess,
    startedAt: number,
  ) {
    super();
    this.#o = o;
    this.#log = log;
    this.#sinks = sinks;
    this.#ffmpeg = ffmpeg;
    this.startedAt = startedAt;
    this.spoolDir = o.spoolDir;
    for (const sink of sinks) this.#watchSink(sink);
    this.#done = ffmpeg.exited.then((exit) => this.#finish(exit));
    try {
      this.#watcher = watch(o.spoolDir, (_event, name) => {
        if (name === path.basename(spoolFiles(o.spoolDir).list)) this.#drain();
      });
      this.#watcher.on('error', () => undefined);
    } catch {
      this.#watcher = undefined;
    }
    const poll = setInterval(() => this.#drain(), LIST_POLL_MS);
    this.#timers.add(poll);
    void this.#resume();
  }

  /** Set when the run ended 'failed': what failed (the disk, a write, ffmpeg itself). */
  get failure(): RecorderFailure | undefined {
    return this.#failure;
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** The ffmpeg process id (the pid file holds it too). */
  get pid(): number | undefined {
    return this.#ffmpeg.pid;
  }

  /** The consumers feeding ffmpeg (read-only use: stats, layers). */
  get consumers(): readonly MediasoupTypes.Consumer[] {
    return this.#sinks.map((s) => s.consumer);
  }

  /** Graceful: ffmpeg closes the last segment, 'segment' is emitted for it, then 'ended'. */
  async stop(): Promise<void> {
    if (!this.#ended && !this.#killed) {
      this.#stopRequested = true;
      this.#ffmpeg.interrupt();
      const force = setTimeout(() => this.#ffmpeg.kill(), STOP_GRACE_MS);
      await this.#done;
      clearTimeout(force);
    }
    await this.#done;
  }

  /** Abrupt, as a crash: ffmpeg is killed and no further segment is emitted (recoverSpool finds them). */
  kill(): void {
    if (this.#ended) return;
    this.#killed = true;
    this.#ffmpeg.kill();
    this.#closeSinks();
  }

  async #resume(): Promise<void> {
    try {
      for (const sink of this.#sinks) await sink.consumer.resume();
      this.#requestKeyFrame();
      this.#scheduleKeyFrame(1);
    } catch (error) {
      // The consumers closed under us (router gone): the input is lost and ffmpeg is told to finish.
      this.#log.warn({ err: error }, 'recorder could not resume its consumers');
      this.#loseInput();
    }
  }

  /** Keyframes a little before each segment boundary, so the segments close on time. */
  #scheduleKeyFrame(k: number): void {
    if (this.#ended || this.#sinksClosed) return;
    const periodMs = this.#o.segmentSeconds * 1000;
    const leadMs = Math.min(150, periodMs / 8);
    const timer = setTimeout(
      () => {
        this.#timers.delete(timer);
        this.#requestKeyFrame();
        this.#scheduleKeyFrame(k + 1);
      },
      Math.max(0, this.startedAt + k * periodMs - leadMs - Date.now()),
    );
    this.#timers.add(timer);
  }

  #requestKeyFrame(): void {
    for (const sink of this.#sinks) {
      if (sink.kind === 'video' && !sink.consumer.closed) sink.consumer.requestKeyFrame().catch(() => undefined);
    }
  }

  #watchSink(sink: RecorderSink): void {
    const lost = () => {
      if (!this.#sinksClosed) this.#loseInput();
    };
    sink.consumer.on('producerclose', lost);
    sink.consumer.on('transportclose', lost);
    sink.transport.on('routerclose', lost);
    // A layer switch starts on a keyframe of the new layer: ask for it at once.
    sink.consumer.on('layerschange', () => this.#requestKeyFrame());
  }

  #loseInput(): void {
    if (this.#ended || this.#stopRequested) return;
    this.#inputLost = true;
    this.#ffmpeg.interrupt();
    const force = setTimeout(() => this.#ffmpeg.kill(), STOP_GRACE_MS);
    this.#timers.add(force);
  }

  /** Emits the segments the list names that were not emitted yet (one drain at a time). */
  #drain(): Promise<void> {
    this.#draining = this.#draining.then(async () => {
      if (this.#killed || this.#ended) return;
      try {
        for (const entry of await readSegmentList(spoolFiles(this.spoolDir).list)) {
          if (this.#emitted.has(entry.index) || this.#killed) continue;
          this.#emitted.add(entry.index);
          const segment = await closedSegmentOf(this.spoolDir, entry);
          if (!segment) continue;
          try {
            this.emit('segment', segment);
          } catch (error) {
            this.#log.error({ err: error, index: segment.index }, 'a segment listener threw');
          }
        }
      } catch (error) {
        this.#log.warn({ err: error }, 'recorder could not read its segment list');
      }
    });
    return this.#draining;
  }

  async #finish(exit: FfmpegExit): Promise<void> {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    this.#watcher?.close();
    await this.#drain();
    this.#closeSinks();
    await removePidFile(this.spoolDir).catch(() => undefined);
    const reason = this.#reasonOf(exit);
    if (!this.#killed) await this.#removeUnlisted();
    this.#ended = true;
    const log = reason === 'failed' ? this.#log.warn.bind(this.#log) : this.#log.info.bind(this.#log);
    log(
      { reason, failure: this.#failure, code: exit.code, signal: exit.signal, segments: this.#emitted.size },
      'recording run ended',
    );
    if (reason === 'failed') this.#log.debug({ tail: exit.tail }, 'recorder ffmpeg output');
    try {
      this.emit('ended', reason);
    } catch (error) {
      this.#log.error({ err: error }, 'an ended listener threw');
    }
  }

  #reasonOf(exit: FfmpegExit): RecorderEndReason {
    const lastLine = exit.tail.trim().split('\n').pop() ?? '';
    if (this.#killed) this.#failure = { kind: 'killed', message: 'the recorder was killed' };
    else if (exit.diskFull) this.#failure = { kind: 'disk-full', message: 'no space left on the spool disk' };
    else if (exit.writeError) this.#failure = { kind: 'write-error', message: lastLine };
    else if (this.#stopRequested) return 'stopped';
    else if (this.#inputLost || exit.inputTimedOut || exit.code === 0) return 'input-lost';
    else this.#failure = { kind: 'ffmpeg-exit', message: `ffmpeg exited (${exit.code ?? exit.signal}): ${lastLine}` };
    return 'failed';
  }

  /** A segment file the list does not name was being written when ffmpeg stopped: not a whole segment. */
  async #removeUnlisted(): Promise<void> {
    const names = await readdir(this.spoolDir).catch(() => [] as string[]);
    for (const name of names) {
      const index = segmentIndexOf(name);
      if (index !== undefined && !this.#emitted.has(index)) await rm(path.join(this.spoolDir, name), { force: true });
    }
  }

  #closeSinks(): void {
    if (this.#sinksClosed) return;
    this.#sinksClosed = true;
    for (const sink of this.#sinks) sink.transport.close();
  }
}
