import { z } from 'zod';
import type { PushMap, RequestMap } from '../define.js';
import {
  dtlsParametersSchema,
  iceCandidateSchema,
  iceParametersSchema,
  mediaIdSchema,
  mediaSourceSchema,
  rtpCapabilitiesSchema,
  rtpParametersSchema,
} from './mediaSchemas.js';

export * from './mediaSchemas.js';

/** Who publishes a producer: the session's host, or the endpoint that holds the floor. */
export const publisherSchema = z.object({
  role: z.enum(['host', 'endpoint']),
  subject: z.string(),
  displayName: z.string().optional(),
});

export const producerInfoSchema = z.object({
  producerId: mediaIdSchema,
  kind: z.enum(['audio', 'video']),
  source: mediaSourceSchema,
  publisher: publisherSchema,
  paused: z.boolean(),
});
export type ProducerInfo = z.infer<typeof producerInfoSchema>;

export const transportOptionsSchema = z.object({
  id: mediaIdSchema,
  iceParameters: iceParametersSchema,
  iceCandidates: z.array(iceCandidateSchema),
  dtlsParameters: dtlsParametersSchema,
});
export type TransportOptionsWire = z.infer<typeof transportOptionsSchema>;

/** A consumer as the server created it, for the client's `transport.consume`. */
export const consumerSchema = z.object({
  consumerId: mediaIdSchema,
  producerId: mediaIdSchema,
  kind: z.enum(['audio', 'video']),
  rtpParameters: rtpParametersSchema,
  source: mediaSourceSchema,
  publisher: publisherSchema,
  producerPaused: z.boolean(),
});
export type ConsumerWire = z.infer<typeof consumerSchema>;

/** Producers one `media:consumeMany` may name (a session has a handful: microphone, camera, screen, floor). */
export const MAX_CONSUME_BATCH = 16;

const empty = z.object({}).strict();
const ok = z.object({});

/**
 * The media plane of a live session (mediasoup SFU). Every request needs a joined session;
 * publishing needs the host role, or an endpoint holding the floor.
 */
export const mediaRequests = {
  'media:getRouterRtpCapabilities': {
    request: empty,
    response: z.object({ rtpCapabilities: rtpCapabilitiesSchema }),
  },
  /** `send` publishes, `recv` receives. `tcpOnly` offers only ICE-TCP (networks that drop UDP). */
  'media:createTransport': {
    request: z.object({ direction: z.enum(['send', 'recv']), tcpOnly: z.boolean().optional() }).strict(),
    response: transportOptionsSchema,
  },
  'media:connectTransport': {
    request: z.object({ transportId: mediaIdSchema, dtlsParameters: dtlsParametersSchema }).strict(),
    response: ok,
  },
  /** Server-side ICE restart; the client then calls `transport.restartIce({ iceParameters })`. */
  'media:restartIce': {
    request: z.object({ transportId: mediaIdSchema }).strict(),
    response: z.object({ iceParameters: iceParametersSchema }),
  },
  'media:produce': {
    request: z
      .object({
        transportId: mediaIdSchema,
        kind: z.enum(['audio', 'video']),
        rtpParameters: rtpParametersSchema,
        source: mediaSourceSchema,
      })
      .strict(),
    response: z.object({ producerId: mediaIdSchema }),
  },
  'media:closeProducer': {
    request: z.object({ producerId: mediaIdSchema }).strict(),
    response: ok,
  },
  /** Producers currently published in the session (the client consumes those it wants). */
  'media:getProducers': {
    request: empty,
    response: z.object({ producers: z.array(producerInfoSchema) }),
  },
  /**
   * A receiver's set-up in one round trip (join → first media): the router's capabilities, a new
   * receive transport (replacing none: call once per media generation), the audio-only choice, and
   * the producers to consume.
   */
  'media:receive': {
    request: z.object({ tcpOnly: z.boolean().optional(), audioOnly: z.boolean().optional() }).strict(),
    response: z.object({
      rtpCapabilities: rtpCapabilitiesSchema,
      transport: transportOptionsSchema,
      producers: z.array(producerInfoSchema),
    }),
  },
  /**
   * Paused consumers for several producers at once (resume them with `media:resumeConsumers`); each
   * producer answers on its own: its consumer, or the error code that refused it.
   */
  'media:consumeMany': {
    request: z
      .object({
        transportId: mediaIdSchema,
        producerIds: z.array(mediaIdSchema).min(1).max(MAX_CONSUME_BATCH),
        rtpCapabilities: rtpCapabilitiesSchema,
      })
      .strict(),
    response: z.object({
      consumers: z.array(
        z.union([consumerSchema, z.object({ producerId: mediaIdSchema, error: z.object({ code: z.string() }) })]),
      ),
    }),
  },
  'media:resumeConsumers': {
    request: z.object({ consumerIds: z.array(mediaIdSchema).min(1).max(MAX_CONSUME_BATCH) }).strict(),
    response: ok,
  },
  /** Creates a paused consumer on the caller's receive transport; resume it with `media:resumeConsumer`. */
  'media:consume': {
    request: z
      .object({ transportId: mediaIdSchema, producerId: mediaIdSchema, rtpCapabilities: rtpCapabilitiesSchema })
      .strict(),
    response: consumerSchema,
  },
  'media:resumeConsumer': {
    request: z.object({ consumerId: mediaIdSchema }).strict(),
    response: ok,
  },
  /** The best simulcast layer this receiver wants (0 lowest … 2 highest); lowered automatically on a poor link. */
  'media:setPreferredLayers': {
    request: z
      .object({
        consumerId: mediaIdSchema,
        spatialLayer: z.number().int().min(0).max(2),
        temporalLayer: z.number().int().min(0).max(2).optional(),
      })
      .strict(),
    response: ok,
  },
  /** Audio only: pauses (or resumes) every video consumer of this connection. */
  'media:setAudioOnly': {
    request: z.object({ audioOnly: z.boolean() }).strict(),
    response: z.object({ audioOnly: z.boolean() }),
  },
  /** What the receiving page sees, shown in the host's audience table. */
  'media:reportStats': {
    request: z
      .object({
        iceState: z.enum(['new', 'checking', 'connected', 'completed', 'disconnected', 'failed', 'closed']),
        framesPerSecond: z.number().min(0).max(240).optional(),
        framesDecoded: z.number().int().min(0).optional(),
      })
      .strict(),
    response: ok,
  },
} satisfies RequestMap;

export const audienceRowSchema = z.object({
  endpointId: z.string(),
  name: z.string(),
  district: z.string(),
  connected: z.boolean(),
  /** Epoch ms of the start of the current connection. */
  connectedSince: z.number().nullable(),
  audioOnly: z.boolean(),
  /** Simulcast layer being forwarded to it (0–2), null when none. */
  spatialLayer: z.number().nullable(),
  bitrate: z.number().nullable(),
  /** Fraction of packets lost (0–1) reported by the receiver. */
  packetLoss: z.number().nullable(),
  rttMs: z.number().nullable(),
  iceProtocol: z.enum(['udp', 'tcp']).nullable(),
  clientIceState: z.string().nullable(),
  framesPerSecond: z.number().nullable(),
});
export type AudienceRow = z.infer<typeof audienceRowSchema>;

export const audienceSchema = z.object({
  sessionId: z.string(),
  at: z.number(),
  connected: z.number().int(),
  invited: z.number().int(),
  rows: z.array(audienceRowSchema),
});
export type Audience = z.infer<typeof audienceSchema>;

export const mediaPushes = {
  'media:producerAdded': producerInfoSchema,
  'media:producerClosed': z.object({ producerId: mediaIdSchema }),
  'media:producerPaused': z.object({ producerId: mediaIdSchema, paused: z.boolean() }),
  'media:consumerClosed': z.object({ consumerId: mediaIdSchema }),
  'media:consumerLayers': z.object({ consumerId: mediaIdSchema, spatialLayer: z.number().nullable() }),
  /**
   * The receiver's link cannot carry the picture even at the lowest layer (weak: video is cut to its
   * base frame rate; the screen offers audio only), or carries it again.
   */
  'media:linkQuality': z.object({ weak: z.boolean() }),
  /** The connection's transports are gone (worker replaced, room reopened): recreate them and consume again. */
  'media:reconnect': z.object({ reason: z.enum(['workerReplaced', 'roomReopened']) }),
  /** Host room only: the audience table, every few seconds. */
  'media:audience': audienceSchema,
} satisfies PushMap;
