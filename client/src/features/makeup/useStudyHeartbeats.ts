import { useCallback, useRef, useState } from 'react';
import { API, type StudyHeartbeatResponse, type StudyStatus } from '@diem-cau/shared';
import { api, ApiError } from '../../lib/api';
import type { PlaybackEvent } from '../replay';

export interface StudyHeartbeats {
  status: StudyStatus | null;
  /** The server's code for the last refused beat (e.g. DEADLINE_PASSED), null when fine. */
  error: string | null;
  report: (event: PlaybackEvent) => void;
}

/**
 * Sends the player's events as heartbeats of one playback, one at a time and in order (seq rises by
 * one per event): the server credits only what was played between consecutive beats.
 */
export function useStudyHeartbeats(
  token: string,
  sessionId: string,
  playbackId: string | null,
  initial: StudyStatus | null,
): StudyHeartbeats {
  const [answer, setAnswer] = useState<StudyHeartbeatResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const seq = useRef(0);
  const chain = useRef<Promise<void>>(Promise.resolve());

  const report = useCallback(
    (event: PlaybackEvent) => {
      if (!playbackId) return;
      const body = { playbackId, seq: seq.current++, ...event, rate: event.rate > 0 ? event.rate : 1 };
      chain.current = chain.current.then(() =>
        api(API.makeupStudy.heartbeat, { params: { sessionId }, body, token }).then(
          (r) => {
            setAnswer(r);
            setError(null);
          },
          (e: unknown) => setError(e instanceof ApiError ? e.code : 'INTERNAL'),
        ),
      );
    },
    [token, sessionId, playbackId],
  );
  return { status: answer?.status ?? initial, error, report };
}
