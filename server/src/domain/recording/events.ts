import type { JobDeps } from '../../jobs/index.js';

/** A recording whose renditions are made: it can be watched (and on a phone). */
export interface RecordingReady {
  recordingId: string;
  sessionId: string;
  durationMs: number;
  sizeBytes: number;
  endedAt: string | null;
  phoneReadyAt: string | null;
}

export type RecordingReadyListener = (deps: JobDeps, event: RecordingReady) => Promise<void>;

// Process-wide, like reports/events.ts: the job runs in the server or in `npm run worker`.
const listeners: RecordingReadyListener[] = [];

/** The recording domain publishes; later domains (webhooks, make-up study) subscribe. */
export const recordingEvents = {
  onReady(listener: RecordingReadyListener): void {
    if (!listeners.includes(listener)) listeners.push(listener);
  },
  /** Runs every listener; a listener's failure is logged and never fails the recording. */
  async ready(deps: JobDeps, event: RecordingReady): Promise<void> {
    for (const listener of listeners) {
      await listener(deps, event).catch((error: unknown) =>
        deps.log.warn({ err: error, recordingId: event.recordingId }, 'recording.ready listener failed'),
      );
    }
  },
};
