import { API } from '@diem-cau/shared';
import { createJoinFixture } from '../join/fixture.js';
import { plainTransportOf, produceSynthetic } from '../lib/plainPeer.js';
import type { PlatformApp } from '../lib/platformApp.js';
import { callRoute } from '../lib/restCall.js';
import { connectSignal, signal, type SignalSocket } from '../lib/signal.js';

/** A live session whose host publishes the synthetic microphone and camera through the real signalling. */
export interface HostSession {
  sessionId: string;
  hostToken: string;
  /** Where the synthetic RTP goes: the host's plain send transport (comedia). */
  ingressPort: number;
  /** Ends the session as the host's console does (POST /sessions/:id/end); returns when it answered. */
  end(): Promise<void>;
  /** Closes the host's connection (after `end`, or when a run is abandoned). */
  close(): void;
}

/**
 * A live session (bench/join's fixture: a province, one commune endpoint, a host), its recording
 * turned off through the host's REST route when `recording` is false, started by the host's REST
 * route (going live opens the room, and its recorder unless recording is off), then the host's connection: `session:join`, a send transport and `media:produce` for the microphone and
 * the camera (three VP8 simulcast layers), which opens the session's room and its recorder.
 */
export async function openHostSession(platform: PlatformApp, recording: boolean): Promise<HostSession> {
  const fixture = await createJoinFixture(platform.app, 1, { start: false });
  const { sessionId } = fixture;
  const hostToken = fixture.host.token;
  const id = { id: sessionId };
  if (!recording)
    await callRoute(platform.url, API.recordings.setEnabled, { params: id, body: { enabled: false } }, hostToken);
  await callRoute(platform.url, API.sessions.start, { params: id }, hostToken);
  const socket: SignalSocket = await connectSignal(platform.url, { token: hostToken });
  try {
    await signal(socket, 'session:join', { sessionId });
    const send = await plainTransportOf(platform.app, sessionId, socket, 'send');
    await produceSynthetic(socket, send.id);
    return {
      sessionId,
      hostToken,
      ingressPort: send.tuple.localPort,
      end: async () => {
        await callRoute(platform.url, API.sessions.end, { params: id }, hostToken);
      },
      close: () => socket.close(),
    };
  } catch (error) {
    socket.close();
    throw error;
  }
}
