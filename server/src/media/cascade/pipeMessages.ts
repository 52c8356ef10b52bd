import { mediaSourceSchema, publisherSchema } from '@diem-cau/shared';
import { z } from 'zod';

/**
 * What nodes tell each other to pipe a producer between hosts (over the node bus). The node that
 * wants a producer opens a link (one pair of PipeTransports per session and direction), then asks
 * for each producer it needs; the publishing node tells it when one closes or pauses.
 */
export const PIPE = {
  open: 'pipe.open',
  consume: 'pipe.consume',
  producerClosed: 'pipe.producerClosed',
  producerPaused: 'pipe.producerPaused',
  linkClosed: 'pipe.linkClosed',
} as const;

const srtpSchema = z.object({ cryptoSuite: z.string(), keyBase64: z.string() });
const tupleSchema = z.object({ ip: z.string(), port: z.number().int().min(1).max(65_535) });

/** Asker → publisher: my end of the link; answered with the publisher's end. */
export const openRequest = z.object({ sessionId: z.string(), end: tupleSchema, srtp: srtpSchema });
export const openReply = z.object({ linkId: z.string(), end: tupleSchema, srtp: srtpSchema });

/** Asker → publisher: send this producer over the link; answered with what the asker produces from. */
export const consumeRequest = z.object({ sessionId: z.string(), linkId: z.string(), producerId: z.string() });
export const consumeReply = z.object({
  kind: z.enum(['audio', 'video']),
  rtpParameters: z.record(z.string(), z.unknown()),
  paused: z.boolean(),
  source: mediaSourceSchema,
  publisher: publisherSchema,
});

/** Publisher → asker. */
export const producerClosedNotice = z.object({ sessionId: z.string(), producerId: z.string() });
export const producerPausedNotice = z.object({ sessionId: z.string(), producerId: z.string(), paused: z.boolean() });
/** Either way: the sender closed its end of a link (the session ended there, or its router went). */
export const linkClosedNotice = z.object({ sessionId: z.string() });
