import type { RtpEncodingParameters } from 'mediasoup-client/types';

/**
 * The host camera in three simulcast layers (¼, ½ and full resolution), so a commune on a weak
 * link receives a lower layer. The bitrates fit 1–4 Mbit/s links.
 */
export const CAMERA_SIMULCAST: RtpEncodingParameters[] = [
  { scaleResolutionDownBy: 4, maxBitrate: 150_000, scalabilityMode: 'L1T3' },
  { scaleResolutionDownBy: 2, maxBitrate: 500_000, scalabilityMode: 'L1T3' },
  { scaleResolutionDownBy: 1, maxBitrate: 1_200_000, scalabilityMode: 'L1T3' },
];

/** Slides: one layer, sharp text matters more than motion. */
export const SCREEN_ENCODING: RtpEncodingParameters[] = [{ maxBitrate: 1_500_000, maxFramerate: 10 }];
