import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { RecordingTrack } from '@diem-cau/shared';
import type { Logger } from '../../logging/logger.js';
import type { BroadcastRoom, ProducerEntry } from '../../media/BroadcastRoom.js';
import { TrackRecorder, type ClosedSegment } from '../../media/recorder/index.js';
import type { RecordingStore } from './recordingStore.js';
import type { SegmentSink } from './segmentSink.js';

/** Producers settle (a camera and its microphone arrive one after the other) before a run starts. */
const SETTLE_MS = 300;
/** A run that failed (ffmpeg died, the disk was full) is tried again after this. */
const RETRY_MS = 5_000;

export interface SessionRecorderOptions {
  recordingId: string;
  room: BroadcastRoom;
  store: RecordingStore;
  sink: SegmentSink;
  spoolDir: string;
  segmentSeconds: number;
  listenIp: string;
  log: Logger;
  /** Why the first runs of this recorder follow a gap: a restart after a crash is an outage. */
  firstGap: 'outage' | null;
}

interface Wanted {
  audio?: ProducerEntry;
  video?: ProducerEntry;
  label: string | null;
}

interface TrackState {
  recorder?: TrackRecorder;
  run?: number;
  /** Producer ids of the running recorder, to see when they change. */
  producers: string;
  starting?: Promise<void>;
  /** Stores this track's segments one after another. */
  storing: Promise<unknown>;
  /** A run that ended by itself: its last segments stored and its row ended. */
  ending: Promise<unknown>;
}

const TRACKS: readonly RecordingTrack[] = ['main', 'phone', 'screen', 'floor'];

/** What each track records out of the room's producers (only producers published on this node). */
function wantedFor(track: RecordingTrack, entries: readonly ProducerEntry[]): Wanted {
  const local = entries.filter((e) => e.remoteNode === undefined && !e.producer.closed);
  const pick = (role: 'host' | 'endpoint', source: ProducerEntry['source']) =>
    local.find((e) => e.publisher.role === role && e.source === source);
  switch (track) {
    case 'main':
    case 'phone':
      return { video: pick('host', 'camera'), audio: pick('host', 'mic'), label: null };
    case 'screen':
      return { video: pick('host', 'screen'), label: null };
    case 'floor': {
      const video = pick('endpoint', 'camera');
      const audio = pick('endpoint', 'mic');
      const holder = (video ?? audio)?.publisher;
      return { video, audio, label: holder ? (holder.displayName ?? holder.subject) : null };
    }
  }
}

const idsOf = (w: Wanted): string => [w.video?.producer.id, w.audio?.producer.id].filter(Boolean).join('+');

/**
 * Records one live session's room on this node: the host's camera and microphone twice (top
 * simulcast layer for the archive, the lowest for phones, so no transcode is needed), the screen
 * share, and the endpoint holding the floor. Each track's recorder is a run; a run ends when its
 * producers change, on pause and on stop, and a new run starts for the new producers. A run's row is
 * written before it starts and every closed segment is stored as it closes (segmentSink.ts).
 */
export class SessionRecorder {
  readonly recordingId: string;
  readonly #o: SessionRecorderOptions;
  readonly #tracks = new Map<RecordingTrack, TrackState>();
  #paused = false;
  #stopped = false;
  #stopping: Promise<void> | undefined;
  #gapReason: 'paused' | 'outage' | null;
  #settle: NodeJS.Timeout | undefined;
  readonly #onChange = () => this.#schedule();

  constructor(options: SessionRecorderOptions) {
    this.#o = options;
    this.recordingId = options.recordingId;
    this.#gapReason = options.firstGap;
    for (const t of TRACKS)
      this.#tracks.set(t, { producers: '', storing: Promise.resolve(), ending: Promise.resolve() });
    options.room.on('producerAdded', this.#onChange);
    options.room.on('producerClosed', this.#onChange);
    this.#schedule();
  }

  get paused(): boolean {
    return this.#paused;
  }

  /** Ends every run (their last segments are stored); runs start again on resume. */
  async pause(): Promise<void> {
    this.#paused = true;
    this.#gapReason = 'paused';
    await this.#stopAll('paused');
  }

  resume(): void {
    if (this.#stopped) return;
    this.#paused = false;
    this.#schedule(0);
  }

  /** The session ended (or this node is going down): every run ends, its last segment stored. */
  stop(reason = 'stopped'): Promise<void> {
    // Once: a second caller (the room closed, then the session's end) waits for the same stop.
    this.#stopping ??= (async () => {
      this.#stopped = true;
      clearTimeout(this.#settle);
      this.#o.room.off('producerAdded', this.#onChange);
      this.#o.room.off('producerClosed', this.#onChange);
      await this.#stopAll(reason);
    })();
    return this.#stopping;
  }

  /** Runs now recording, for the host's console and tests. */
  activeTracks(): RecordingTrack[] {
    return TRACKS.filter((t) => this.#tracks.get(t)!.recorder !== undefined);
  }

  #schedule(delay = SETTLE_MS): void {
    if (this.#stopped) return;
    clearTimeout(this.#settle);
    this.#settle = setTimeout(() => void this.#reconcile(), delay);
    this.#settle.unref();
  }

  async #reconcile(): Promise<void> {
    if (this.#stopped) return;
    const entries = this.#o.room.producers().flatMap((p) => this.#o.room.producerEntry(p.producerId) ?? []);
    await Promise.all(
      TRACKS.map(async (track) => {
        const state = this.#tracks.get(track)!;
        await state.starting;
        const wanted = this.#paused ? { label: null } : wantedFor(track, entries);
        const ids = idsOf(wanted);
        if (ids === state.producers && (ids === '' || state.recorder)) return;
        if (state.recorder) await this.#stopTrack(track, 'changed');
        if (ids === '' || this.#stopped) return;
        state.starting = this.#startTrack(track, wanted).catch((err: unknown) => {
          this.#o.log.warn({ err, track }, 'a recording run could not start; trying again');
          this.#schedule(RETRY_MS);
        });
        await state.starting;
      }),
    );
  }

  async #startTrack(track: RecordingTrack, wanted: Wanted): Promise<void> {
    const state = this.#tracks.get(track)!;
    const { store, room } = this.#o;
    const router = room.routerOn((wanted.video ?? wanted.audio)!.slot);
    if (!router) throw new Error('the producers’ router is gone');
    const startedMs = Date.now();
    const run = await store.startRun(this.recordingId, track, {
      startedMs,
      mediaStartMs: await store.mainMediaMs(this.recordingId),
      gapReason: this.#gapReason,
      label: wanted.label,
    });
    const spoolDir = path.join(this.#o.spoolDir, this.recordingId, `${track}-${run}`);
    await mkdir(spoolDir, { recursive: true });
    const recorder = await TrackRecorder.start({
      router,
      audio: wanted.audio?.producer,
      video: wanted.video?.producer,
      layer: track === 'phone' ? 'phone' : 'top',
      spoolDir,
      segmentSeconds: this.#o.segmentSeconds,
      listenIp: this.#o.listenIp,
      log: this.#o.log.child({ track, run }),
    });
    const place = { recordingId: this.recordingId, track, run, runStartedMs: recorder.startedAt };
    recorder.on('segment', (segment: ClosedSegment) => {
      state.storing = state.storing.then(() => this.#o.sink.keep(place, segment));
    });
    recorder.once('ended', (reason) => {
      if (state.recorder !== recorder) return;
      // Ended by itself (ffmpeg died, its input stopped): the run is over; a new one starts if still wanted.
      state.recorder = undefined;
      state.producers = '';
      state.ending = state.storing
        .then(() => store.endRun(this.recordingId, track, run, reason))
        .catch(() => undefined);
      this.#gapReason = 'outage';
      this.#schedule(reason === 'failed' ? RETRY_MS : SETTLE_MS);
    });
    state.recorder = recorder;
    state.run = run;
    state.producers = idsOf(wanted);
    if (track === 'main') this.#gapReason = null;
    this.#o.log.info({ track, run, producers: state.producers }, 'recording run started');
  }

  async #stopTrack(track: RecordingTrack, reason: string): Promise<void> {
    const state = this.#tracks.get(track)!;
    const { recorder, run } = state;
    state.recorder = undefined;
    state.producers = '';
    if (!recorder || run === undefined) {
      await state.ending;
      return;
    }
    await recorder.stop().catch((err: unknown) => this.#o.log.warn({ err, track }, 'recorder did not stop cleanly'));
    await state.storing.catch(() => undefined);
    await this.#o.store.endRun(this.recordingId, track, run, reason);
  }

  async #stopAll(reason: string): Promise<void> {
    clearTimeout(this.#settle);
    await Promise.all(
      TRACKS.map(async (t) => {
        await this.#tracks.get(t)!.starting?.catch(() => undefined);
        await this.#stopTrack(t, reason);
      }),
    );
  }
}
