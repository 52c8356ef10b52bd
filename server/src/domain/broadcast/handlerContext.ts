import type { Role } from '@diem-cau/shared';
import { AppError } from '../../errors/AppError.js';
import type { BroadcastRoom } from '../../media/BroadcastRoom.js';
import type { MediaPeer } from '../../media/MediaPeer.js';
import { requireJoinedSession } from '../../signaling/requireJoinedSession.js';
import type { HandlerContext } from '../../signaling/types.js';
import type { BroadcastDomain } from './BroadcastDomain.js';

/** Roles that run a session's broadcast (the host, or an admin who joined as host). */
export const HOST_ROLES: readonly Role[] = ['host', 'admin'];
/** Roles that take part in the media plane. */
export const MEDIA_ROLES: readonly Role[] = ['host', 'admin', 'endpoint'];

export function isHostRole(role: Role): boolean {
  return HOST_ROLES.includes(role);
}

/** The session this socket joined; a token bound to another session is refused. */
export function joinedSession(ctx: HandlerContext): string {
  const sessionId = requireJoinedSession(ctx);
  if (ctx.identity.sessionId !== undefined && ctx.identity.sessionId !== sessionId) {
    throw new AppError('FORBIDDEN', 'This token belongs to another session');
  }
  return sessionId;
}

/** The joined session's live room and this connection's peer in it. */
export async function mediaPeer(
  ctx: HandlerContext,
  domain: BroadcastDomain,
): Promise<{ sessionId: string; room: BroadcastRoom; peer: MediaPeer }> {
  const sessionId = joinedSession(ctx);
  const room = await domain.rooms.get(sessionId);
  if (!ctx.socket.connected) throw new AppError('CONFLICT', 'The connection closed');
  const { role, subject, displayName } = ctx.identity;
  const peer = room.addPeer(
    ctx.socket.id,
    displayName === undefined ? { role, subject } : { role, subject, displayName },
  );
  return { sessionId, room, peer };
}
