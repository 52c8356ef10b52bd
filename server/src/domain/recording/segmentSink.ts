import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { RecordingTrack } from '@diem-cau/shared';
import type { FileStore } from '../../files/fileStore.js';
import type { Logger } from '../../logging/logger.js';
import type { ClosedSegment } from '../../media/recorder/index.js';
import type { RecordingStore } from './recordingStore.js';

/** Where a stored segment lives in the file store. */
export const segmentKey = (recordingId: string, track: RecordingTrack, run: number, seq: number): string =>
  `recordings/${recordingId}/seg/${track}/${run}-${String(seq).padStart(6, '0')}.webm`;

export interface SegmentPlace {
  recordingId: string;
  track: RecordingTrack;
  run: number;
  /** Epoch ms of the run's media time 0. */
  runStartedMs: number;
}

/**
 * Moves each closed segment from the recorder's spool folder into the file store, then writes its
 * row: a segment is in the recording exactly when its row exists, and its file is whole by then.
 * A segment the store refuses (a full disk keeps its reserve for evidence) is dropped and the
 * recording's `failure` says why; the timeline shows the hole as an outage and recording goes on.
 */
export class SegmentSink {
  readonly #store: RecordingStore;
  readonly #files: FileStore;
  readonly #log: Logger;

  constructor(store: RecordingStore, files: FileStore, log: Logger) {
    this.#store = store;
    this.#files = files;
    this.#log = log;
  }

  async keep(place: SegmentPlace, segment: ClosedSegment): Promise<boolean> {
    const key = segmentKey(place.recordingId, place.track, place.run, segment.index);
    try {
      const stored = await this.#files.put(key, createReadStream(segment.path), { expectedBytes: segment.sizeBytes });
      const added = await this.#store.addSegment(
        {
          recording_id: place.recordingId,
          track: place.track,
          run: place.run,
          seq: segment.index,
          start_ms: Math.round(segment.startMs),
          duration_ms: Math.round(segment.durationMs),
          storage_key: key,
          size_bytes: stored.sizeBytes,
          sha256: stored.sha256,
          stored_at: new Date().toISOString(),
        },
        place.runStartedMs,
      );
      return added;
    } catch (error) {
      const code = (error as { code?: string }).code;
      this.#log.warn({ err: error, ...place, seq: segment.index }, 'a recording segment could not be stored');
      await this.#store
        .update(place.recordingId, { failure: code === 'STORAGE_FULL' ? 'STORAGE_FULL' : 'SEGMENT_NOT_STORED' })
        .catch(() => undefined);
      return false;
    } finally {
      await rm(segment.path, { force: true }).catch(() => undefined);
    }
  }
}
