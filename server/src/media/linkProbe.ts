import type { ConsumerState, MediaPeer } from './MediaPeer.js';
import type { MediasoupTypes } from './mediasoup.js';

/**
 * Where a receiving connection's link stands, read from its transport's own state (no request to
 * the worker): up, still connecting, ICE lost, DTLS failed or closed, or no receive transport at all.
 */
export type LinkState = 'up' | 'connecting' | 'ice' | 'dtls' | 'none';

/** What the worker says about one receiving connection at one moment. */
export interface LinkProbe {
  /** The receive transport measured: a new one starts a new count of bytes heard. */
  transportId: string;
  /** Bytes received from the endpoint (RTCP, STUN): they stop when its link is cut. */
  bytesReceived: number;
  /** Bit/s sent to it, while a stream is meant to flow (null when nothing is: no producer, all paused). */
  bitrate: number | null;
  /** A video stream is being forwarded to it. */
  video: boolean;
  /** Its simulcast spatial layer (null without one). */
  spatialLayer: number | null;
  /** From its receiver reports on the measured stream (video, else audio): 0–1, and milliseconds. */
  fractionLost: number | null;
  rttMs: number | null;
  /** mediasoup's score (0–10) of the measured stream. */
  score: number | null;
  audioOnly: boolean;
}

type TransportStateView = Pick<MediasoupTypes.WebRtcTransport, 'closed'> &
  Partial<Pick<MediasoupTypes.WebRtcTransport, 'iceState' | 'dtlsState'>>;

/**
 * The link state of one transport. A transport without ICE and DTLS (a plain RTP transport, which the
 * media tests receive on) is up while it is open.
 */
export function transportLinkState(transport: TransportStateView | undefined): LinkState {
  if (!transport || transport.closed) return 'none';
  const { iceState, dtlsState } = transport;
  if (iceState === 'disconnected' || iceState === 'closed') return 'ice';
  if (dtlsState === 'failed' || dtlsState === 'closed') return 'dtls';
  if (iceState === 'new' || dtlsState === 'new' || dtlsState === 'connecting') return 'connecting';
  return 'up';
}

const flowing = (state: ConsumerState | undefined): state is ConsumerState =>
  state !== undefined && !state.consumer.closed && !state.consumer.paused && !state.consumer.producerPaused;

/** The peer's streams that matter: the camera (else the screen share), and the microphone. */
export function primaryConsumers(peer: MediaPeer): { video?: ConsumerState; audio?: ConsumerState } {
  let video: ConsumerState | undefined;
  let audio: ConsumerState | undefined;
  for (const state of peer.consumers.values()) {
    if (state.consumer.closed) continue;
    if (state.consumer.kind === 'audio') audio ??= state;
    else if (!video || (state.source === 'camera' && video.source !== 'camera')) video = state;
  }
  return { ...(video ? { video } : {}), ...(audio ? { audio } : {}) };
}

/** The transport the peer receives on: its primary stream's, else its newest open receive transport. */
export function receiveTransport(peer: MediaPeer): MediasoupTypes.WebRtcTransport | undefined {
  const { video, audio } = primaryConsumers(peer);
  const carrying = peer.transports.get((video ?? audio)?.transportId ?? '');
  if (carrying && !carrying.transport.closed) return carrying.transport;
  let newest: MediasoupTypes.WebRtcTransport | undefined;
  for (const t of peer.transports.values()) if (t.direction === 'recv' && !t.transport.closed) newest = t.transport;
  return newest;
}

export function peerLinkState(peer: MediaPeer): LinkState {
  return transportLinkState(receiveTransport(peer));
}

/**
 * Measures one receiving connection: one getStats of its receive transport and one of the stream
 * it is measured on (the video while video is forwarded, else the audio). Undefined without a
 * receive transport, or when the worker cannot answer (it died: the caller sees the peer go down).
 */
export async function probeLink(peer: MediaPeer): Promise<LinkProbe | undefined> {
  const transport = receiveTransport(peer);
  if (!transport || transport.closed) return undefined;
  const { video, audio } = primaryConsumers(peer);
  const videoOn = flowing(video) && !peer.audioOnly ? video : undefined;
  const measured = videoOn ?? (flowing(audio) ? audio : undefined);
  try {
    const [transportStats, streamStats] = await Promise.all([
      transport.getStats(),
      measured ? measured.consumer.getStats() : Promise.resolve([]),
    ]);
    const t = transportStats[0];
    if (!t) return undefined;
    const outbound = streamStats.find((s) => s.type === 'outbound-rtp');
    const layers = videoOn?.consumer.type === 'simulcast' ? videoOn.consumer.currentLayers : undefined;
    // A simulcast stream is forwarded only once a layer is chosen; a single one as soon as it has bits.
    const videoForwarded = videoOn
      ? videoOn.consumer.type === 'simulcast'
        ? layers !== undefined
        : (outbound?.bitrate ?? 0) > 0
      : false;
    return {
      transportId: transport.id,
      bytesReceived: t.bytesReceived,
      bitrate: measured ? t.sendBitrate : null,
      video: videoForwarded,
      spatialLayer: layers?.spatialLayer ?? null,
      // fractionLost is RTCP's 8-bit fixed point fraction (0–255). It reads 0 until the first receiver
      // report; mediasoup gives a round trip once one has answered a sender report, so loss counts from then.
      fractionLost: outbound?.roundTripTime !== undefined ? outbound.fractionLost / 256 : null,
      rttMs: outbound?.roundTripTime ? outbound.roundTripTime : null,
      score: measured ? measured.consumer.score.score : null,
      audioOnly: peer.audioOnly,
    };
  } catch {
    return undefined;
  }
}
