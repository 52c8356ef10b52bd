import type { ProducerInfo } from '@diem-cau/shared';
import type { AppContext } from '../../context/types.js';
import type { Logger } from '../../logging/logger.js';
import type { BroadcastRoom } from '../../media/BroadcastRoom.js';
import { PipeCascade, ProducerDirectory, type CascadeRooms } from '../../media/cascade/index.js';

/** This node's media cascade: its producers announced in Redis, other nodes' piped in on demand. */
export function createCascade(ctx: AppContext, rooms: CascadeRooms, log: Logger): PipeCascade {
  const pipeIp = ctx.config.media.pipeIp;
  return new PipeCascade({
    bus: ctx.bus,
    lease: ctx.node,
    directory: new ProducerDirectory(ctx.redis.main, ctx.redisPrefix),
    rooms,
    listen: pipeIp ? { ip: pipeIp } : ctx.rtc.listenIps[0]!,
    log: log.child({ part: 'cascade' }),
  });
}

/** A new room of this node takes part in the cascade: what it publishes is listed for the other nodes. */
export function joinCascade(room: BroadcastRoom, cascade: PipeCascade, log: Logger): void {
  room.setRemoteSource((r, producerId) => cascade.pull(r, producerId));
  const failed = (what: string) => (err: unknown) =>
    log.warn({ err, sessionId: room.sessionId }, `cascade: could not ${what}`);
  const announce = (producerId: string): void => {
    const info = room.producers().find((p) => p.producerId === producerId);
    if (info) cascade.announce(room.sessionId, info).catch(failed('announce a producer'));
  };
  room.on('producerAdded', (info) => announce(info.producerId));
  room.on('producerPaused', (producerId) => announce(producerId));
  room.on('producerClosed', (producerId) =>
    cascade.withdraw(room.sessionId, producerId).catch(failed('withdraw a producer')),
  );
}

/** The session's producers on every live node, without those of `exceptPeer` (a publisher's own). */
export async function clusterProducers(
  room: BroadcastRoom,
  cascade: PipeCascade,
  ownProducers: ReadonlySet<string>,
): Promise<ProducerInfo[]> {
  const local = room.producers();
  const seen = new Set(local.map((p) => p.producerId));
  const remote = (await cascade.remoteProducers(room.sessionId)).filter((p) => !seen.has(p.producerId));
  return [...local, ...remote].filter((p) => !ownProducers.has(p.producerId));
}
