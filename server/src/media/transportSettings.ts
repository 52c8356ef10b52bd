import type { MediasoupTypes } from './mediasoup.js';

/** How WebRTC transports listen and what they announce: the plan of announcedAddresses.ts. */
export interface TransportSettings {
  listenIps: MediasoupTypes.TransportListenIp[];
}

/** Start estimate for a receiver: below a commune hall's 1–4 Mbit/s link, so the first frames arrive. */
export const INITIAL_OUTGOING_BITRATE = 800_000;
/** Ceiling for what one publisher may send (three simulcast layers plus Opus, or a screen share). */
export const MAX_INCOMING_BITRATE = 4_000_000;

/**
 * Options for every WebRTC transport: UDP preferred, ICE-TCP always offered so a hall behind a
 * firewall that drops UDP still connects; `tcpOnly` leaves UDP out altogether.
 */
export function webRtcTransportOptions(
  settings: TransportSettings,
  tcpOnly: boolean,
  appData: Record<string, unknown>,
): MediasoupTypes.WebRtcTransportOptions {
  return {
    listenIps: settings.listenIps,
    enableUdp: !tcpOnly,
    enableTcp: true,
    preferUdp: !tcpOnly,
    initialAvailableOutgoingBitrate: INITIAL_OUTGOING_BITRATE,
    appData,
  };
}
