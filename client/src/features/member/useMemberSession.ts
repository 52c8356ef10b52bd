import { useEffect, useState } from 'react';
import type { ErrorCode, SessionSummary } from '@diem-cau/shared';
import {
  RequestError,
  TOO_MANY_CONNECTIONS_RETRY_MS,
  UNAVAILABLE_RETRY_MS,
  connectSocket,
  request,
  type AppSocket,
} from '../../lib/socket';

/**
 * The phone's connection to one session, without media: connects, joins on every (re)connection,
 * and follows the session's status. Light enough for cheap phones on slow links.
 */
export function useMemberSession(
  token: string | null,
  sessionId: string | null,
): { socket: AppSocket | null; summary: SessionSummary | null; online: boolean; error: ErrorCode | null } {
  const [socket, setSocket] = useState<AppSocket | null>(null);
  const [summary, setSummary] = useState<SessionSummary | null>(null);
  const [online, setOnline] = useState(false);
  const [error, setError] = useState<ErrorCode | null>(null);

  useEffect(() => {
    if (!token || !sessionId) return;
    const s = connectSocket(token);
    setSocket(s);
    s.on('connect', () => {
      setOnline(true);
      request(s, 'session:join', { sessionId })
        .then((joined) => {
          setSummary(joined);
          setError(null);
        })
        .catch((e: unknown) => setError(e instanceof RequestError ? e.code : 'UNAVAILABLE'));
    });
    s.on('disconnect', () => setOnline(false));
    let retry: ReturnType<typeof setTimeout> | undefined;
    s.on('connect_error', (err: Error & { data?: { code?: ErrorCode } }) => {
      setOnline(false);
      if (err.data?.code === 'UNAUTHENTICATED') setError('UNAUTHENTICATED');
      // Too many connections of this sign-in (its dropped ones time out): try again after a pause.
      if (err.data?.code === 'CONFLICT') retry = setTimeout(() => s.connect(), TOO_MANY_CONNECTIONS_RETRY_MS);
      // The server could not check the sign-in (a dependency is down): the token is fine, try again soon.
      if (err.data?.code === 'UNAVAILABLE') retry = setTimeout(() => s.connect(), UNAVAILABLE_RETRY_MS);
    });
    s.on('session:status', (p) => {
      if (p.sessionId === sessionId)
        setSummary((prev) => prev && { ...prev, status: p.status, startedAt: p.startedAt, endedAt: p.endedAt });
    });
    return () => {
      clearTimeout(retry);
      s.close();
      setSocket(null);
      setSummary(null);
    };
  }, [token, sessionId]);

  return { socket, summary, online, error };
}
