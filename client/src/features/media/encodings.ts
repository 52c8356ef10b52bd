import type { RtpEncodingParameters } from 'mediasoup-client/types';

/**
 * The host camera in three simulcast layers (¼, ½ and full resolution), so a commune on a weak
 * link receives a lower layer. The bitrates fit 1–4 Mbit/s links. The middle layer is also the
 * recording's phone rendition: at most 450 kbit/s (PHONE_VIDEO_MAX_BITRATE on the server), so with
 * the audio it plays on a phone's 1 Mbit/s link without a transcode.
 */
export const CAMERA_SIMULCAST: RtpEncodingParameters[] = [
  { scaleResolutionDownBy: 4, maxBitrate: 150_000, scalabilityMode: 'L1T3' },
  { scaleResolutionDownBy: 2, maxBitrate: 450_000, scalabilityMode: 'L1T3' },
  { scaleResolutionDownBy: 1, maxBitrate: 1_200_000, scalabilityMode: 'L1T3' },
];

/** Slides: one layer, sharp text matters more than motion. */
export const SCREEN_ENCODING: RtpEncodingParameters[] = [{ maxBitrate: 1_500_000, maxFramerate: 10 }];

/**
 * The receive capabilities sent with `media:consume`, with NACK on Opus. Chrome does not list it in
 * its own capabilities but honours it once negotiated, and mediasoup then retransmits lost speech
 * packets (with in-band FEC, what keeps audio whole on a lossy commune link; RED is not in mediasoup 3.12).
 */
export function withOpusNack<T extends { codecs?: { mimeType: string; rtcpFeedback?: { type: string }[] }[] }>(
  capabilities: T,
): T {
  return {
    ...capabilities,
    codecs: capabilities.codecs?.map((codec) =>
      codec.mimeType.toLowerCase() === 'audio/opus' && !codec.rtcpFeedback?.some((f) => f.type === 'nack')
        ? { ...codec, rtcpFeedback: [...(codec.rtcpFeedback ?? []), { type: 'nack' }] }
        : codec,
    ),
  };
}
