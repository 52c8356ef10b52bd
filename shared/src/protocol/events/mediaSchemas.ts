import { z } from 'zod';

/**
 * Structural schemas of the WebRTC parameters mediasoup and mediasoup-client exchange. They bound
 * sizes and shapes; mediasoup validates the semantics (codecs, ids) itself.
 */
const parameterValue = z.union([z.string().max(256), z.number(), z.boolean()]);
const codecParameters = z.record(z.string().max(64), parameterValue);
const rtcpFeedback = z.object({ type: z.string().max(32), parameter: z.string().max(32).optional() });

export const rtpCodecCapabilitySchema = z.object({
  kind: z.enum(['audio', 'video']),
  mimeType: z.string().max(64),
  preferredPayloadType: z.number().int().min(0).max(127).optional(),
  clockRate: z.number().int().positive(),
  channels: z.number().int().positive().optional(),
  parameters: codecParameters.optional(),
  rtcpFeedback: z.array(rtcpFeedback).max(32).optional(),
});

export const rtpHeaderExtensionSchema = z.object({
  kind: z.enum(['audio', 'video']),
  uri: z.string().max(256),
  preferredId: z.number().int().min(1).max(255),
  preferredEncrypt: z.boolean().optional(),
  direction: z.enum(['sendrecv', 'sendonly', 'recvonly', 'inactive']).optional(),
});

export const rtpCapabilitiesSchema = z.object({
  codecs: z.array(rtpCodecCapabilitySchema).max(64).optional(),
  headerExtensions: z.array(rtpHeaderExtensionSchema).max(64).optional(),
});
export type RtpCapabilitiesWire = z.infer<typeof rtpCapabilitiesSchema>;

const rtpEncodingSchema = z.object({
  ssrc: z.number().int().nonnegative().optional(),
  rid: z.string().max(32).optional(),
  codecPayloadType: z.number().int().min(0).max(127).optional(),
  rtx: z.object({ ssrc: z.number().int().nonnegative() }).optional(),
  dtx: z.boolean().optional(),
  scalabilityMode: z.string().max(16).optional(),
  scaleResolutionDownBy: z.number().positive().optional(),
  maxBitrate: z.number().int().positive().optional(),
  maxFramerate: z.number().positive().optional(),
  adaptivePtime: z.boolean().optional(),
  priority: z.enum(['very-low', 'low', 'medium', 'high']).optional(),
  networkPriority: z.enum(['very-low', 'low', 'medium', 'high']).optional(),
});

export const rtpParametersSchema = z.object({
  mid: z.string().max(32).optional(),
  codecs: z
    .array(
      z.object({
        mimeType: z.string().max(64),
        payloadType: z.number().int().min(0).max(127),
        clockRate: z.number().int().positive(),
        channels: z.number().int().positive().optional(),
        parameters: codecParameters.optional(),
        rtcpFeedback: z.array(rtcpFeedback).max(32).optional(),
      }),
    )
    .min(1)
    .max(16),
  headerExtensions: z
    .array(
      z.object({
        uri: z.string().max(256),
        id: z.number().int().min(1).max(255),
        encrypt: z.boolean().optional(),
        parameters: codecParameters.optional(),
      }),
    )
    .max(32)
    .optional(),
  encodings: z.array(rtpEncodingSchema).max(4).optional(),
  rtcp: z
    .object({ cname: z.string().max(256).optional(), reducedSize: z.boolean().optional(), mux: z.boolean().optional() })
    .optional(),
});
export type RtpParametersWire = z.infer<typeof rtpParametersSchema>;

export const dtlsParametersSchema = z.object({
  role: z.enum(['auto', 'client', 'server']).optional(),
  fingerprints: z
    .array(z.object({ algorithm: z.string().max(16), value: z.string().max(256) }))
    .min(1)
    .max(8),
});

export const iceParametersSchema = z.object({
  usernameFragment: z.string(),
  password: z.string(),
  iceLite: z.boolean().optional(),
});

export const iceCandidateSchema = z.object({
  foundation: z.string(),
  priority: z.number(),
  ip: z.string(),
  protocol: z.enum(['udp', 'tcp']),
  port: z.number().int(),
  type: z.enum(['host', 'srflx', 'prflx', 'relay']),
  tcpType: z.enum(['active', 'passive', 'so']).optional(),
});

/** Short opaque ids (mediasoup uses UUIDs). */
export const mediaIdSchema = z.string().min(1).max(64);

/** What a producer carries: the host's camera and microphone, a shared screen. */
export const MEDIA_SOURCES = ['camera', 'mic', 'screen'] as const;
export const mediaSourceSchema = z.enum(MEDIA_SOURCES);
export type MediaSource = z.infer<typeof mediaSourceSchema>;
