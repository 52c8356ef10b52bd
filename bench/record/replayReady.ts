import { setTimeout as delay } from 'node:timers/promises';
import { API, type Recording } from '@diem-cau/shared';
import { callRoute } from '../lib/restCall.js';

export interface ReplayReady {
  /** From the host's end request being sent until the manifest first listed the rendition (ms). */
  phoneReadyMs: number | null;
  archiveReadyMs: number | null;
  /** Until the manifest said `ready` (side clips written, the job done). */
  readyMs: number | null;
  /** The server's own figure: phoneReadyAt − endedAt of the manifest (ms). */
  serverPhoneReadyMs: number | null;
  state: Recording['state'];
  polls: number;
  manifest: Recording;
}

/** The session's recording as the host's console lists it (there is one once its room opened with recording on). */
export async function recordingIdOf(baseUrl: string, sessionId: string, token: string): Promise<string | undefined> {
  const list = await callRoute(baseUrl, API.recordings.listForSession, { params: { id: sessionId } }, token);
  return list[0]?.id;
}

/**
 * Polls the replay manifest (GET /recordings/:id, what the replay page reads) every `pollMs` from
 * `endedAt` (performance.now() when the end request was sent) until the recording is ready or
 * failed, or `timeoutMs` passed; notes when the phone and archive renditions first appear.
 */
export async function waitForReplay(
  baseUrl: string,
  recordingId: string,
  token: string,
  endedAt: number,
  options: { pollMs: number; timeoutMs: number },
): Promise<ReplayReady> {
  let phoneReadyMs: number | null = null;
  let archiveReadyMs: number | null = null;
  let polls = 0;
  for (;;) {
    const manifest = await callRoute(baseUrl, API.recordings.get, { params: { id: recordingId } }, token);
    polls++;
    const elapsed = Math.round(performance.now() - endedAt);
    if (manifest.renditions.phone !== null) phoneReadyMs ??= elapsed;
    if (manifest.renditions.archive !== null) archiveReadyMs ??= elapsed;
    const done = manifest.state === 'ready' || manifest.state === 'failed';
    if (done || elapsed > options.timeoutMs) {
      const { phoneReadyAt, endedAt: endedAtIso } = manifest;
      return {
        phoneReadyMs,
        archiveReadyMs,
        readyMs: manifest.state === 'ready' ? elapsed : null,
        serverPhoneReadyMs: phoneReadyAt && endedAtIso ? Date.parse(phoneReadyAt) - Date.parse(endedAtIso) : null,
        state: manifest.state,
        polls,
        manifest,
      };
    }
    await delay(options.pollMs);
  }
}
