import { readdir, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import type { RecordingTrack } from '@diem-cau/shared';
import type { Logger } from '../../logging/logger.js';
import type { BroadcastRoom } from '../../media/BroadcastRoom.js';
import { recoverSpool } from '../../media/recorder/index.js';
import type { RecordingStore } from './recordingStore.js';
import type { SegmentSink } from './segmentSink.js';
import { SessionRecorder } from './SessionRecorder.js';

/** How often a node looks for a pause or resume made on another node (the state is in the store). */
const FOLLOW_MS = 3_000;

export interface LiveRecordingOptions {
  store: RecordingStore;
  sink: SegmentSink;
  spoolDir: string;
  segmentSeconds: number;
  listenIp: string;
  log: Logger;
  /** After a session ended: its recording's renditions are made (a job, deduplicated across nodes). */
  finalize: (recordingId: string) => Promise<void>;
}

const SPOOL_RUN = /^(main|phone|screen|floor)-(\d+)$/;

/**
 * The recordings this node makes: one SessionRecorder per live room it opens, unless the session's
 * recording is turned off. A room opened again for a recording that already has media (this node
 * restarted, the host came back through another node) continues that recording after an outage gap.
 */
export class LiveRecording {
  readonly #o: LiveRecordingOptions;
  readonly #recorders = new Map<string, SessionRecorder>();
  #follow: NodeJS.Timeout | undefined;

  constructor(options: LiveRecordingOptions) {
    this.#o = options;
  }

  async start(): Promise<void> {
    await this.recoverSpool();
    this.#follow = setInterval(() => void this.#followStates(), FOLLOW_MS);
    this.#follow.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#follow);
    await Promise.all([...this.#recorders.values()].map((r) => r.stop('node-stopping')));
    this.#recorders.clear();
  }

  recorder(sessionId: string): SessionRecorder | undefined {
    return this.#recorders.get(sessionId);
  }

  /** A live room opened on this node. */
  async roomOpened(room: BroadcastRoom): Promise<void> {
    const { store } = this.#o;
    const sessionId = room.sessionId;
    if (this.#recorders.has(sessionId) || !(await store.enabled(sessionId))) return;
    const recording = await store.ensure(sessionId, new Date());
    if (recording.deleted_at !== null || room.closed || this.#recorders.has(sessionId)) return;
    const continues = (await store.mainMediaMs(recording.id)) > 0;
    const recorder = new SessionRecorder({
      recordingId: recording.id,
      room,
      store,
      sink: this.#o.sink,
      spoolDir: this.#o.spoolDir,
      segmentSeconds: this.#o.segmentSeconds,
      listenIp: this.#o.listenIp,
      log: this.#o.log.child({ sessionId, recordingId: recording.id }),
      firstGap: continues ? 'outage' : null,
    });
    this.#recorders.set(sessionId, recorder);
    // The room may close before the session's end reaches this node (it ended on another node).
    // Kept in the map until stopped, so the session's end waits for its last segments.
    room.once('closed', () => {
      recorder
        .stop('room-closed')
        .catch((err: unknown) => this.#o.log.warn({ err, sessionId }, 'recorder stop failed'))
        .finally(() => {
          if (this.#recorders.get(sessionId) === recorder) this.#recorders.delete(sessionId);
        });
    });
    if (recording.state === 'paused') await recorder.pause();
    this.#o.log.info({ sessionId, recordingId: recording.id, continues }, 'recording the session');
  }

  /** The session ended: the runs end, their last segments are stored, then the renditions are made. */
  async sessionEnded(sessionId: string): Promise<void> {
    const recorder = this.#recorders.get(sessionId);
    this.#recorders.delete(sessionId);
    await recorder?.stop('stopped');
    const recording = await this.#o.store.bySession(sessionId);
    if (!recording || recording.deleted_at !== null) return;
    if (recording.state === 'recording' || recording.state === 'paused')
      await this.#o.store.setState(recording.id, 'stopped', { ended_at: new Date().toISOString() });
    await this.#o.finalize(recording.id);
  }

  /** Applies a pause or resume here at once (other nodes follow within FOLLOW_MS). */
  async apply(sessionId: string, paused: boolean): Promise<void> {
    const recorder = this.#recorders.get(sessionId);
    if (!recorder || recorder.paused === paused) return;
    if (paused) await recorder.pause();
    else recorder.resume();
  }

  /**
   * After a crash: segments a dead recorder closed before it stopped are stored (a segment already
   * stored changes nothing), its runs are ended as crashed, and its spool folder is removed.
   */
  async recoverSpool(): Promise<number> {
    const { spoolDir, store, sink, log } = this.#o;
    let recovered = 0;
    for (const recordingId of await readdir(spoolDir).catch(() => [] as string[])) {
      const recordingDir = path.join(spoolDir, recordingId);
      for (const name of await readdir(recordingDir).catch(() => [] as string[])) {
        const match = SPOOL_RUN.exec(name);
        if (!match) continue;
        const track = match[1] as RecordingTrack;
        const run = Number(match[2]);
        const runRow = (await store.runs(recordingId)).find((r) => r.track === track && r.run === run);
        const runDir = path.join(recordingDir, name);
        try {
          const segments = await recoverSpool(runDir);
          for (const segment of runRow ? segments : []) {
            if (await sink.keep({ recordingId, track, run, runStartedMs: runRow!.started_ms }, segment)) recovered++;
          }
          if (runRow) await store.endRun(recordingId, track, run, 'crashed');
          await rm(runDir, { recursive: true, force: true });
        } catch (err) {
          log.warn({ err, recordingId, track, run }, 'could not recover a recorder’s spool folder');
        }
      }
      await rmdir(recordingDir).catch(() => undefined); // only once empty
    }
    if (recovered > 0) log.info({ recovered }, 'recording segments recovered after a crash');
    return recovered;
  }

  async #followStates(): Promise<void> {
    for (const [sessionId, recorder] of this.#recorders) {
      const row = await this.#o.store.bySession(sessionId).catch(() => undefined);
      if (!row) continue;
      if (row.state === 'paused' && !recorder.paused) await recorder.pause().catch(() => undefined);
      if (row.state === 'recording' && recorder.paused) recorder.resume();
    }
  }
}
