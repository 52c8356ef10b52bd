import { useCallback, useEffect, useState } from 'react';
import { API, type MemberReportRow, type StudyProgress } from '@diem-cau/shared';
import { api } from '../../../lib/api';

export interface StudyProgressState {
  progress: StudyProgress | null;
  /** The session's audience from its live report (who was invited, who attended), for the list. */
  audience: MemberReportRow[];
  error: unknown;
  reload: () => void;
}

/**
 * The session's make-up study (settings and each member's progress) and its audience. Asked once
 * and after each change the host makes; progress moves slowly enough that the host reloads by hand.
 */
export function useStudyProgress(token: string, sessionId: string): StudyProgressState {
  const [progress, setProgress] = useState<StudyProgress | null>(null);
  const [audience, setAudience] = useState<MemberReportRow[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [round, setRound] = useState(0);
  const reload = useCallback(() => setRound((n) => n + 1), []);

  useEffect(() => {
    let current = true;
    api(API.makeupStudy.progress, { params: { id: sessionId }, token }).then(
      (p) => {
        if (!current) return;
        setProgress(p);
        setError(null);
      },
      (e: unknown) => current && setError(e),
    );
    // The audience only adds rows: without it the list still shows everyone with progress.
    api(API.reports.live, { params: { sessionId }, query: {}, token }).then(
      (report) => current && setAudience(report.members),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [token, sessionId, round]);

  return { progress, audience, error, reload };
}
