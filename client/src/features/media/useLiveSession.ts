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
import { MediaClient } from './MediaClient';

export type SocketState = 'connecting' | 'online' | 'offline';

/** Wait before connecting again after the server closed the connection. */
const SERVER_DISCONNECT_RETRY_MS = 1_000;

export interface LiveSession {
  socket: AppSocket | null;
  summary: SessionSummary | null;
  socketState: SocketState;
  error: ErrorCode | null;
  media: MediaClient | null;
  /** Changes whenever the media client's tracks, state or stats change. */
  mediaVersion: number;
}

export interface LiveSessionOptions {
  token: string | null;
  sessionId: string | null;
  self: { role: string; subject: string } | null;
  tcpOnly?: boolean;
}

/**
 * Connects to a session and keeps it connected: on every (re)connection the socket joins the session
 * again and, while the session is live, the media client recreates its transports and consumers.
 */
export function useLiveSession({ token, sessionId, self, tcpOnly }: LiveSessionOptions): LiveSession {
  const [socket, setSocket] = useState<AppSocket | null>(null);
  const [media, setMedia] = useState<MediaClient | null>(null);
  const [summary, setSummary] = useState<SessionSummary | null>(null);
  const [socketState, setSocketState] = useState<SocketState>('connecting');
  const [error, setError] = useState<ErrorCode | null>(null);
  const [mediaVersion, setMediaVersion] = useState(0);
  const selfRole = self?.role;
  const selfSubject = self?.subject;

  useEffect(() => {
    if (!token || !sessionId || !selfRole || !selfSubject) return;
    const s = connectSocket(token);
    const client = new MediaClient(s, {
      self: { role: selfRole, subject: selfSubject },
      receive: true,
      tcpOnly: tcpOnly ?? false,
    });
    const unsubscribe = client.subscribe(() => setMediaVersion((v) => v + 1));
    setSocket(s);
    setMedia(client);

    const startMedia = (): void => {
      client.start().catch((e: unknown) => setError(e instanceof RequestError ? e.code : 'UNAVAILABLE'));
    };
    const join = async (): Promise<void> => {
      try {
        const joined = await request(s, 'session:join', { sessionId });
        setSummary(joined);
        setError(null);
        if (joined.status === 'live') startMedia();
      } catch (e) {
        setError(e instanceof RequestError ? e.code : 'UNAVAILABLE');
      }
    };
    s.on('connect', () => {
      setSocketState('online');
      void join();
    });
    let closed = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    s.on('disconnect', (reason) => {
      setSocketState('offline');
      // Socket.IO reconnects by itself after a network blip, but not when the server closed the
      // connection (a restarting node, a dropped connection): connect again, the rejoin restores all.
      if (reason === 'io server disconnect' && !closed)
        retry = setTimeout(() => !closed && s.connect(), SERVER_DISCONNECT_RETRY_MS);
    });
    s.on('connect_error', (err: Error & { data?: { code?: ErrorCode } }) => {
      setSocketState('offline');
      if (err.data?.code === 'UNAUTHENTICATED' || err.data?.code === 'PROTOCOL_MISMATCH') setError(err.data.code);
      // A refusal at the handshake is not retried by Socket.IO itself.
      if (err.data?.code === 'CONFLICT' && !closed)
        retry = setTimeout(() => !closed && s.connect(), TOO_MANY_CONNECTIONS_RETRY_MS);
      // The server could not check the sign-in (a dependency is down): the token is fine, try again soon.
      if (err.data?.code === 'UNAVAILABLE' && !closed)
        retry = setTimeout(() => !closed && s.connect(), UNAVAILABLE_RETRY_MS);
    });
    s.on('session:status', (status) => {
      if (status.sessionId !== sessionId) return;
      setSummary(
        (prev) => prev && { ...prev, status: status.status, startedAt: status.startedAt, endedAt: status.endedAt },
      );
      if (status.status === 'live') startMedia();
    });
    return () => {
      closed = true;
      clearTimeout(retry);
      unsubscribe();
      client.close();
      s.close();
      setSocket(null);
      setMedia(null);
    };
  }, [token, sessionId, selfRole, selfSubject, tcpOnly]);

  return { socket, summary, socketState, error, media, mediaVersion };
}

/** The publisher shown as the speaker: the endpoint holding the floor, else the host. */
export function pickSpeaker<T extends { kind: string; source: string; publisher: { role: string } }>(
  tracks: T[],
): { video?: T; screen?: T } {
  // The newest first: a publisher that reconnected replaces its earlier stream.
  const videos = tracks.filter((t) => t.kind === 'video').reverse();
  const cameras = videos.filter((t) => t.source === 'camera');
  return {
    video: cameras.find((t) => t.publisher.role === 'endpoint') ?? cameras[0],
    screen: videos.find((t) => t.source === 'screen'),
  };
}
