import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { ServerPushes } from '@diem-cau/shared';
import type { z } from 'zod';
import { rooms } from '../../signaling/rooms.js';
import type { IoServer, IoSocket } from '../../signaling/types.js';

/**
 * Sockets (on this node) addressed in one turn before yielding to the event loop. A socket write
 * costs 20–35 µs (FACTS.md), so a turn stays well under 50 ms and early answers are not queued
 * behind the whole hall.
 */
export const SOCKETS_PER_TURN = 1000;

type QuizPush = 'quiz:question' | 'quiz:run' | 'quiz:reveal';

/**
 * Sends a quiz push to the session's hosts and admins and to every invited endpoint's room, which
 * holds the endpoint's screen(s) and the phones of the members checked in there (the check-in
 * service joins them: on check-in, on every phone of the member, and again on each `session:join`).
 *
 * One emit per group of endpoint rooms, a group closing once it holds SOCKETS_PER_TURN local
 * sockets, with a yield between groups: a handful of adapter messages (one Redis XADD each) and
 * event-loop turns per push, instead of one per member or per fifty members, and no store query.
 */
export async function emitToQuizAudience<K extends QuizPush>(
  io: IoServer,
  sessionId: string,
  endpointIds: readonly string[],
  event: K,
  payload: z.output<ServerPushes[K]>,
): Promise<void> {
  const emit = (target: string | string[]) =>
    (io.to(target).emit as (e: K, p: z.output<ServerPushes[K]>) => boolean)(event, payload);
  emit([rooms.sessionRole(sessionId, 'host'), rooms.sessionRole(sessionId, 'admin')]);
  const local = io.of('/').adapter.rooms;
  let group: string[] = [];
  let size = 0;
  for (const endpointId of endpointIds) {
    const room = rooms.endpoint(sessionId, endpointId);
    group.push(room);
    size += local.get(room)?.size ?? 0;
    if (size >= SOCKETS_PER_TURN) {
      emit(group);
      group = [];
      size = 0;
      await yieldToLoop();
    }
  }
  if (group.length > 0) emit(group);
}

/**
 * Calls `onEnter(socket, sessionId)` whenever a member's socket on this node enters one of its
 * session's endpoint rooms — i.e. when the member checks in (or moves, or re-joins while checked
 * in). The quiz uses it to hand a phone the open question at once, instead of the phone polling.
 */
export function onMemberEntersEndpointRoom(
  io: IoServer,
  onEnter: (socket: IoSocket, sessionId: string) => void,
): () => void {
  const nsp = io.of('/');
  const listener = (room: string, socketId: string): void => {
    const socket = nsp.sockets.get(socketId);
    const sessionId = socket?.data.sessionId;
    if (!socket || !sessionId || socket.data.identity.role !== 'member') return;
    if (room.startsWith(rooms.endpoint(sessionId, ''))) onEnter(socket, sessionId);
  };
  nsp.adapter.on('join-room', listener);
  return () => void nsp.adapter.off('join-room', listener);
}
