import { z } from 'zod';
import type { AppContext } from '../../context/types.js';
import type { Logger } from '../../logging/logger.js';
import type { BroadcastRoom } from '../../media/BroadcastRoom.js';
import type { ClusterPresence } from './ClusterPresence.js';
import type { FloorMedia } from './FloorService.js';

/** The node bus message that applies a floor change to an endpoint's media on the node it is connected to. */
const FLOOR_MEDIA = 'floor.media';
const floorMediaNotice = z.object({
  sessionId: z.string(),
  endpointId: z.string(),
  action: z.enum(['stop', 'mute', 'unmute']),
});
type FloorMediaNotice = z.infer<typeof floorMediaNotice>;

/**
 * What a floor change does to the media plane, wherever the endpoint is connected: applied to its
 * peers on this node, and sent over the node bus to every other node its screens are on (the
 * cluster presence says which), so a floor taken back or muted on one node holds on all.
 */
export function clusterFloorMedia(
  ctx: AppContext,
  deps: { room: (sessionId: string) => BroadcastRoom | undefined; presence: () => ClusterPresence; log: Logger },
): FloorMedia {
  const apply = async ({ sessionId, endpointId, action }: FloorMediaNotice): Promise<void> => {
    const room = deps.room(sessionId);
    if (!room) return;
    const peers = room.peers().filter((p) => p.identity.role === 'endpoint' && p.identity.subject === endpointId);
    for (const peer of peers) {
      if (action === 'stop') room.closeProducersOf(peer.id);
      else await room.setProducersPaused(peer.id, 'audio', action === 'mute');
    }
  };
  ctx.bus.handle(FLOOR_MEDIA, (body) => apply(floorMediaNotice.parse(body)));

  const everywhere = async (notice: FloorMediaNotice): Promise<void> => {
    await apply(notice);
    const present = await deps.presence().get(notice.sessionId, notice.endpointId);
    for (const node of present?.nodes ?? []) if (node !== ctx.node.id) await ctx.bus.notify(node, FLOOR_MEDIA, notice);
  };
  return {
    stopPublishing: (sessionId, endpointId) =>
      void everywhere({ sessionId, endpointId, action: 'stop' }).catch((err: unknown) =>
        deps.log.warn({ err, sessionId, endpointId }, 'could not stop a former holder’s media on every node'),
      ),
    setMuted: (sessionId, endpointId, muted) =>
      everywhere({ sessionId, endpointId, action: muted ? 'mute' : 'unmute' }),
    publish: (sessionId, state) => ctx.live.emit({ session: sessionId }, 'floor:state', state),
  };
}
