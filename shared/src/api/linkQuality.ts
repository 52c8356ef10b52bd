import { z } from 'zod';

/**
 * The quality record of an endpoint's link over a session (sampled by the server, never reported by
 * the client): the layer it received, bitrate, loss, round trip, audio-only periods and outages.
 */

/**
 * Why an endpoint's media was down: its socket dropped (and came back within the grace), its media
 * worker was replaced, ICE or DTLS failed, nothing was heard from it (the link cut while the socket
 * still looked open), or its receive transport closed without a new one (a media restart).
 */
export const OUTAGE_CAUSES = ['socket', 'worker', 'ice', 'dtls', 'silent', 'transport'] as const;
export const outageCauseSchema = z.enum(OUTAGE_CAUSES);
export type OutageCause = z.infer<typeof outageCauseSchema>;

export const LINK_PERIOD_KINDS = ['outage', 'audio_only'] as const;
export type LinkPeriodKind = (typeof LINK_PERIOD_KINDS)[number];

/** Why a link is flagged weak (the rule is in server/src/domain/reports/linkQuality.ts). */
export const WEAK_LINK_REASONS = ['outages', 'long_outage', 'loss', 'rtt', 'low_layer', 'audio_only'] as const;
export const weakLinkReasonSchema = z.enum(WEAK_LINK_REASONS);
export type WeakLinkReason = z.infer<typeof weakLinkReasonSchema>;

export const linkOutageSchema = z.object({
  startedAt: z.string(),
  /** Null while it lasts (live figures). */
  endedAt: z.string().nullable(),
  durationMs: z.number(),
  cause: z.string(),
});
export type LinkOutage = z.infer<typeof linkOutageSchema>;

export const linkQualityRowSchema = z.object({
  endpointId: z.string(),
  endpointName: z.string(),
  communeName: z.string(),
  districtName: z.string(),
  /** Time covered by samples taken while the link was up. */
  sampledMs: z.number(),
  /** Of which video was received, and on each simulcast spatial layer (lowest first). */
  videoMs: z.number(),
  layerMs: z.array(z.number()),
  /** The layer received half of the video time or more (lowest first); null without layered video. */
  medianLayer: z.number().int().nullable(),
  /** Median and 10th percentile of the per-minute mean bitrate sent to the endpoint (bit/s). */
  bitrateMedian: z.number().nullable(),
  bitrateP10: z.number().nullable(),
  /** Fraction lost (0–1) from the endpoint's receiver reports: mean of the samples, and the worst. */
  lossMean: z.number().nullable(),
  lossMax: z.number().nullable(),
  rttMeanMs: z.number().nullable(),
  /** Lowest consumer score (0–10) mediasoup gave the stream sent to it. */
  scoreMin: z.number().int().nullable(),
  audioOnlyMs: z.number(),
  audioOnlyPeriods: z.number().int(),
  outageCount: z.number().int(),
  outageTotalMs: z.number(),
  outageLongestMs: z.number(),
  outages: z.array(linkOutageSchema),
  weak: z.boolean(),
  weakReasons: z.array(weakLinkReasonSchema),
});
export type LinkQualityRow = z.infer<typeof linkQualityRowSchema>;

export const linkMinuteSchema = z.object({
  /** ISO time of the minute's start. */
  minute: z.string(),
  samples: z.number().int(),
  sampledMs: z.number(),
  videoMs: z.number(),
  layerMs: z.array(z.number()),
  audioOnlyMs: z.number(),
  bitrateMean: z.number().nullable(),
  bitrateMin: z.number().nullable(),
  lossMean: z.number().nullable(),
  lossMax: z.number().nullable(),
  rttMeanMs: z.number().nullable(),
  scoreMin: z.number().int().nullable(),
});
export type LinkMinute = z.infer<typeof linkMinuteSchema>;

export const linkPeriodSchema = z.object({
  kind: z.enum(LINK_PERIOD_KINDS),
  cause: z.string(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
});
export type LinkPeriod = z.infer<typeof linkPeriodSchema>;

/** GET /api/reports/sessions/:sessionId/link/:endpointId — one endpoint's link minute by minute. */
export const linkTimelineSchema = z.object({
  sessionId: z.string(),
  endpointId: z.string(),
  endpointName: z.string(),
  communeName: z.string(),
  minutes: z.array(linkMinuteSchema),
  periods: z.array(linkPeriodSchema),
});
export type LinkTimeline = z.infer<typeof linkTimelineSchema>;
