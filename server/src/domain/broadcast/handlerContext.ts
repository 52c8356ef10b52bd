import { AppError } from '../../errors/AppError.js';
import type { BroadcastRoom } from '../../media/BroadcastRoom.js';
import type { MediaPeer } from '../../media/MediaPeer.js';
import { joinedSession } from '../../signaling/joinedSession.js';
import type { HandlerContext } from '../../signaling/types.js';
import type { BroadcastDomain } from './BroadcastDomain.js';

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
