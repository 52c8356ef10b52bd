import { useCallback, useEffect, useState } from 'react';
import { API, type Recording } from '@diem-cau/shared';
import { api } from '../../lib/api';

/** While the recording is being made or processed, the manifest is asked for again this often. */
export const PROCESSING_POLL_MS = 3_000;

export interface RecordingLoad {
  recording: Recording | null;
  error: unknown;
  /** Replaces the manifest (e.g. with the answer of a download request). */
  update: (recording: Recording) => void;
}

/** True while there is nothing to play yet and the server is still working on it. */
export function awaitingRendition(recording: Recording): boolean {
  const playable = recording.renditions.archive !== null || recording.renditions.phone !== null;
  return !playable && recording.state !== 'ready' && recording.state !== 'failed';
}

/** Loads the replay manifest; polls every 3 s until a rendition exists (or the recording failed). */
export function useRecording(token: string, recordingId: string): RecordingLoad {
  const [recording, setRecording] = useState<Recording | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () => {
      api(API.recordings.get, { params: { id: recordingId }, token }).then(
        (r) => {
          if (!live) return;
          setRecording(r);
          setError(null);
          if (awaitingRendition(r)) timer = setTimeout(load, PROCESSING_POLL_MS);
        },
        (e: unknown) => {
          if (live) setError(e);
        },
      );
    };
    load();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [token, recordingId]);

  const update = useCallback((r: Recording) => setRecording(r), []);
  return { recording, error, update };
}
