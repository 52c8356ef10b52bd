import { MEDIA_ROLES } from '@diem-cau/shared';
import { AppError } from '../../errors/AppError.js';
import { clusterProducers } from './cascadeWiring.js';
import { broadcastErrors } from './errors.js';
import type { MediasoupTypes } from '../../media/mediasoup.js';
import type { HandlerContext, HandlerTable } from '../../signaling/types.js';
import type { BroadcastDomain } from './BroadcastDomain.js';
import { joinedSession } from '../../signaling/joinedSession.js';
import type { BroadcastRoom } from '../../media/BroadcastRoom.js';
import type { MediaPeer } from '../../media/MediaPeer.js';

/** The joined session's live room and this connection's peer in it. */
export async function mediaPeer(
  ctx: HandlerContext,
  domain: BroadcastDomain,
): Promise<{ sessionId: string; room: BroadcastRoom; peer: MediaPeer }> {
  const sessionId = joinedSession(ctx);
  const room = await domain.rooms.get(sessionId);
  if (!ctx.socket.connected) throw broadcastErrors.connectionClosed();
  const { role, subject, displayName } = ctx.identity;
  const peer = room.addPeer(
    ctx.socket.id,
    displayName === undefined ? { role, subject } : { role, subject, displayName },
  );
  return { sessionId, room, peer };
}

function transportOptions(transport: MediasoupTypes.WebRtcTransport) {
  return {
    id: transport.id,
    iceParameters: transport.iceParameters,
    iceCandidates: transport.iceCandidates,
    dtlsParameters: transport.dtlsParameters,
  };
}

function consumerWire(made: Awaited<ReturnType<BroadcastDomain['consume']>>, producerId: string) {
  const { consumer } = made.state;
  return {
    consumerId: consumer.id,
    producerId,
    kind: consumer.kind,
    rtpParameters: consumer.rtpParameters,
    source: made.entry.source,
    publisher: made.entry.publisher,
    producerPaused: consumer.producerPaused,
  };
}

/** Socket.IO handlers of the media plane (`media:*`). */
export function mediaHandlers(domain: BroadcastDomain): HandlerTable {
  return {
    'media:getRouterRtpCapabilities': {
      roles: MEDIA_ROLES,
      handle: async (ctx) => {
        const { room } = await mediaPeer(ctx, domain);
        return { rtpCapabilities: await room.rtpCapabilities() };
      },
    },
    'media:createTransport': {
      roles: MEDIA_ROLES,
      handle: async (ctx, { direction, tcpOnly }) => {
        const media = await mediaPeer(ctx, domain);
        const { room, peer } = media;
        const transport = await domain.createTransport(ctx.identity, media, direction, tcpOnly ?? false);
        if (!ctx.socket.connected) {
          room.removePeer(peer.id);
          throw broadcastErrors.connectionClosed();
        }
        return transportOptions(transport);
      },
    },
    'media:connectTransport': {
      roles: MEDIA_ROLES,
      handle: async (ctx, { transportId, dtlsParameters }) => {
        const { room, peer } = await mediaPeer(ctx, domain);
        await room.connectTransport(peer, transportId, dtlsParameters);
        return {};
      },
    },
    'media:restartIce': {
      roles: MEDIA_ROLES,
      handle: async (ctx, { transportId }) => {
        const { room, peer } = await mediaPeer(ctx, domain);
        return { iceParameters: await room.restartIce(peer, transportId) };
      },
    },
    'media:produce': {
      roles: MEDIA_ROLES,
      handle: async (ctx, { transportId, kind, rtpParameters, source }) => {
        const { sessionId, room, peer } = await mediaPeer(ctx, domain);
        await domain.assertMayPublish(ctx.identity, sessionId, source);
        const role = ctx.identity.role === 'endpoint' ? 'endpoint' : 'host';
        const publisher = {
          role,
          subject: ctx.identity.subject,
          ...(ctx.identity.displayName ? { displayName: ctx.identity.displayName } : {}),
        } as const;
        const producer = await room
          .produce(peer, transportId, kind, rtpParameters as MediasoupTypes.RtpParameters, source, publisher)
          .catch((error: unknown) => {
            if (error instanceof AppError) throw error;
            ctx.log.warn({ err: error, transportId, kind, source, subject: ctx.identity.subject }, 'produce refused');
            throw broadcastErrors.cannotProduce();
          });
        // The floor may have been taken back while the producer was being created: check again.
        try {
          await domain.assertMayPublish(ctx.identity, sessionId, source);
        } catch (error) {
          room.closeProducer(peer, producer.id);
          throw error;
        }
        if (kind === 'audio' && (await domain.floor.isMuted(sessionId, ctx.identity.subject)))
          await room.setProducersPaused(peer.id, 'audio', true);
        return { producerId: producer.id };
      },
    },
    'media:closeProducer': {
      roles: MEDIA_ROLES,
      handle: async (ctx, { producerId }) => {
        const { room, peer } = await mediaPeer(ctx, domain);
        room.closeProducer(peer, producerId);
        return {};
      },
    },
    'media:getProducers': {
      roles: MEDIA_ROLES,
      handle: async (ctx) => {
        const { room, peer } = await mediaPeer(ctx, domain);
        return { producers: await clusterProducers(room, domain.cascade, peer.producers) };
      },
    },
    'media:receive': {
      roles: MEDIA_ROLES,
      handle: async (ctx, { tcpOnly, audioOnly }) => {
        const media = await mediaPeer(ctx, domain);
        const { room, peer } = media;
        const rtpCapabilities = await room.rtpCapabilities();
        const transport = await domain.createTransport(ctx.identity, media, 'recv', tcpOnly ?? false);
        if (!ctx.socket.connected) {
          room.removePeer(peer.id);
          throw broadcastErrors.connectionClosed();
        }
        if (audioOnly !== undefined) await room.setAudioOnly(peer, audioOnly);
        return {
          rtpCapabilities,
          transport: transportOptions(transport),
          producers: await clusterProducers(room, domain.cascade, peer.producers),
        };
      },
    },
    'media:consumeMany': {
      roles: MEDIA_ROLES,
      handle: async (ctx, { transportId, producerIds, rtpCapabilities }) => {
        const media = await mediaPeer(ctx, domain);
        const caps = rtpCapabilities as MediasoupTypes.RtpCapabilities;
        // One at a time: the consumer limit counts the ones made before.
        const consumers = [];
        for (const producerId of new Set(producerIds)) {
          try {
            consumers.push(consumerWire(await domain.consume(media, transportId, producerId, caps), producerId));
          } catch (error) {
            if (!(error instanceof AppError)) throw error;
            consumers.push({ producerId, error: { code: error.code } });
          }
        }
        return { consumers };
      },
    },
    'media:resumeConsumers': {
      roles: MEDIA_ROLES,
      handle: async (ctx, { consumerIds }) => {
        const { room, peer } = await mediaPeer(ctx, domain);
        for (const consumerId of new Set(consumerIds)) await room.resumeConsumer(peer, consumerId);
        return {};
      },
    },
    'media:consume': {
      roles: MEDIA_ROLES,
      handle: async (ctx, { transportId, producerId, rtpCapabilities }) => {
        const media = await mediaPeer(ctx, domain);
        const made = await domain.consume(
          media,
          transportId,
          producerId,
          rtpCapabilities as MediasoupTypes.RtpCapabilities,
        );
        return consumerWire(made, producerId);
      },
    },
    'media:resumeConsumer': {
      roles: MEDIA_ROLES,
      handle: async (ctx, { consumerId }) => {
        const { room, peer } = await mediaPeer(ctx, domain);
        await room.resumeConsumer(peer, consumerId);
        return {};
      },
    },
    'media:setPreferredLayers': {
      roles: MEDIA_ROLES,
      handle: async (ctx, { consumerId, spatialLayer, temporalLayer }) => {
        const { room, peer } = await mediaPeer(ctx, domain);
        await room.setPreferredLayers(peer, consumerId, spatialLayer, temporalLayer);
        return {};
      },
    },
    'media:setAudioOnly': {
      roles: MEDIA_ROLES,
      handle: async (ctx, { audioOnly }) => {
        const { room, peer } = await mediaPeer(ctx, domain);
        await room.setAudioOnly(peer, audioOnly);
        return { audioOnly };
      },
    },
    'media:reportStats': {
      roles: MEDIA_ROLES,
      handle: async (ctx, stats) => {
        const { peer } = await mediaPeer(ctx, domain);
        peer.clientStats = { ...stats, at: Date.now() };
        return {};
      },
    },
  };
}
