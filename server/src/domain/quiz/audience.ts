import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { ServerPushes } from '@diem-cau/shared';
import type { z } from 'zod';
import type { Database } from '../../store/database.js';
import { rooms } from '../../signaling/rooms.js';
import type { IoServer } from '../../signaling/types.js';

/** Member rooms addressed in one emit before yielding to the event loop. */
const ROOMS_PER_TURN = 50;

/** Members of the session with an open check-in (they, and only they, answer on their phones). */
export async function checkedInMembers(db: Database, sessionId: string): Promise<Array<{ memberId: string; endpointId: string }>> {
  const rows = await db.selectFrom('checkins').select(['member_id', 'endpoint_id']).where('session_id', '=', sessionId).where('checked_out_at', 'is', null).execute();
  return rows.map((r) => ({ memberId: r.member_id, endpointId: r.endpoint_id }));
}

/**
 * Sends a quiz push to the session's hosts and admins, every endpoint screen, and the phones of
 * the members checked in — room by room with a yield between groups of rooms, so a hall-sized
 * audience never blocks the event loop in one turn and early answers are not queued behind it.
 */
export async function emitToQuizAudience<K extends 'quiz:question' | 'quiz:run' | 'quiz:reveal'>(
  io: IoServer,
  db: Database,
  sessionId: string,
  event: K,
  payload: z.output<ServerPushes[K]>,
): Promise<void> {
  const emit = (target: string | string[]) => (io.to(target).emit as (e: K, p: z.output<ServerPushes[K]>) => boolean)(event, payload);
  emit([rooms.sessionRole(sessionId, 'host'), rooms.sessionRole(sessionId, 'admin')]);
  emit(rooms.sessionRole(sessionId, 'endpoint'));
  const members = await checkedInMembers(db, sessionId);
  for (let i = 0; i < members.length; i += ROOMS_PER_TURN) {
    await yieldToLoop();
    emit(members.slice(i, i + ROOMS_PER_TURN).map((m) => rooms.member(sessionId, m.memberId)));
  }
}
