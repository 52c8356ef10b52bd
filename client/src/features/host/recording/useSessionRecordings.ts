import { useCallback, useEffect, useState } from 'react';
import { API, type RecordingState, type RecordingSummary, type SessionStatus } from '@diem-cau/shared';
import { api } from '../../../lib/api';

/** While live, or while a recording is still being processed, the list is asked for this often. */
export const RECORDINGS_POLL_MS = 5_000;

const SETTLED: readonly RecordingState[] = ['ready', 'failed'];

export interface SessionRecordings {
  recordings: RecordingSummary[];
  /** The live recording's state as the last pause/resume answered, before the next poll. */
  setLiveState: (state: RecordingState) => void;
  reload: () => void;
}

/** The session's recordings (GET /api/sessions/:id/recordings), followed while anything changes. */
export function useSessionRecordings(token: string, sessionId: string, status: SessionStatus | undefined) {
  const [recordings, setRecordings] = useState<RecordingSummary[]>([]);
  const [round, setRound] = useState(0);
  const reload = useCallback(() => setRound((n) => n + 1), []);

  useEffect(() => {
    let live = true;
    api(API.recordings.listForSession, { params: { id: sessionId }, token }).then(
      (list) => live && setRecordings(list),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [token, sessionId, status, round]);

  const moving = status === 'live' || recordings.some((r) => !SETTLED.includes(r.state));
  useEffect(() => {
    if (!moving) return;
    const timer = setTimeout(reload, RECORDINGS_POLL_MS);
    return () => clearTimeout(timer);
  }, [moving, round, reload]);

  const setLiveState = useCallback(
    (state: RecordingState) =>
      setRecordings((list) => list.map((r, i) => (i === latestIndex(list) ? { ...r, state } : r))),
    [],
  );
  return { recordings, setLiveState, reload } satisfies SessionRecordings;
}

/** The session's current recording: the one started last (the list's order is not assumed). */
export function latestIndex(list: readonly RecordingSummary[]): number {
  let best = -1;
  list.forEach((r, i) => {
    if (best < 0 || (r.startedAt ?? '') > (list[best]!.startedAt ?? '')) best = i;
  });
  return best;
}
