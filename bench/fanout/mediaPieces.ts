import { randomBytes } from 'node:crypto';
import type { MediasoupTypes } from '../../server/src/media/mediasoup.js';
import { SOURCE } from './rtpSource.js';

type Router = MediasoupTypes.Router;
type Producer = MediasoupTypes.Producer;
type PlainTransport = MediasoupTypes.PlainTransport;

/** What browsers negotiate with mediasoup (FACTS.md): every receiver uses it. */
export const SRTP_SUITE: MediasoupTypes.SrtpCryptoSuite = 'AEAD_AES_256_GCM';
/** AEAD_AES_256_GCM master key (32 bytes) + salt (12 bytes). */
const SRTP_KEY_BYTES = 44;

export interface Ingress {
  transport: PlainTransport;
  audio: Producer;
  video: Producer;
  port: number;
}

/** The synthetic host's RTP parameters (rtpSource.ts): Opus, and VP8 with three simulcast encodings. */
export const SYNTHETIC_RTP = {
  audio: {
    codecs: [{ mimeType: 'audio/opus', payloadType: SOURCE.audioPayloadType, clockRate: 48000, channels: 2 }],
    encodings: [{ ssrc: SOURCE.audioSsrc }],
  },
  video: {
    codecs: [
      {
        mimeType: 'video/VP8',
        payloadType: SOURCE.videoPayloadType,
        clockRate: 90000,
        rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'ccm', parameter: 'fir' }],
      },
    ],
    encodings: SOURCE.videoSsrcs.map((ssrc) => ({ ssrc })),
  },
} satisfies Record<'audio' | 'video', MediasoupTypes.RtpParameters>;

/** The host's producers on a comedia PlainTransport: Opus, and VP8 with three simulcast encodings. */
export async function createIngress(router: Router): Promise<Ingress> {
  const transport = await router.createPlainTransport({ listenIp: '127.0.0.1', rtcpMux: true, comedia: true });
  const audio = await transport.produce({ kind: 'audio', rtpParameters: SYNTHETIC_RTP.audio });
  const video = await transport.produce({ kind: 'video', rtpParameters: SYNTHETIC_RTP.video });
  return { transport, audio, video, port: transport.tuple.localPort };
}

/**
 * The router's capabilities without transport-wide congestion control and REMB: our receivers send
 * no feedback, and with them mediasoup would estimate the receivers' bandwidth from silence and
 * hold every consumer on the lowest simulcast layer. Each consumer then forwards the top layer,
 * like a browser on a good link.
 */
export function receiverCapabilities(router: Router): MediasoupTypes.RtpCapabilities {
  const caps = router.rtpCapabilities;
  return {
    codecs: (caps.codecs ?? []).map((c) => ({
      ...c,
      rtcpFeedback: (c.rtcpFeedback ?? []).filter((fb) => fb.type !== 'transport-cc' && fb.type !== 'goog-remb'),
    })),
    headerExtensions: (caps.headerExtensions ?? []).filter(
      (h) => !h.uri.includes('transport-wide-cc') && !h.uri.includes('abs-send-time'),
    ),
  };
}

export interface Receiver {
  transport: PlainTransport;
  consumers: MediasoupTypes.Consumer[];
}

/**
 * One receiving endpoint: an SRTP PlainTransport sending to `port` on 127.0.0.1, with an audio and
 * a video consumer. Created paused and resumed when `resume` is set, as the platform does.
 */
export async function createReceiver(
  router: Router,
  port: number,
  producerIds: readonly string[],
  options: { pausedThenResumed: boolean },
): Promise<Receiver> {
  const transport = await router.createPlainTransport({
    listenIp: '127.0.0.1',
    rtcpMux: true,
    comedia: false,
    enableSrtp: true,
    srtpCryptoSuite: SRTP_SUITE,
  });
  await transport.connect({
    ip: '127.0.0.1',
    port,
    srtpParameters: { cryptoSuite: SRTP_SUITE, keyBase64: randomBytes(SRTP_KEY_BYTES).toString('base64') },
  });
  const rtpCapabilities = receiverCapabilities(router);
  const consumers: MediasoupTypes.Consumer[] = [];
  for (const producerId of producerIds) {
    const consumer = await transport.consume({ producerId, rtpCapabilities, paused: options.pausedThenResumed });
    if (options.pausedThenResumed) await consumer.resume();
    consumers.push(consumer);
  }
  return { transport, consumers };
}

/** Runs `task` over `items` with at most `limit` in flight. */
export async function inBatches<T>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await task(items[i]!, i);
    }
  });
  await Promise.all(lanes);
}

/** Sum of RTP packets the worker sent on these consumers (outbound-rtp stats). */
export async function consumerPacketsSent(receivers: readonly Receiver[]): Promise<number> {
  let total = 0;
  await inBatches(receivers, 32, async (r) => {
    for (const c of r.consumers) {
      const stats = await c.getStats();
      for (const s of stats) if (s.type === 'outbound-rtp') total += s.packetCount;
    }
  });
  return total;
}

/** RTP packets the producers received from the source (inbound-rtp stats, all encodings). */
export async function ingressPackets(ingress: Ingress): Promise<number> {
  let total = 0;
  for (const p of [ingress.audio, ingress.video]) {
    const stats = await p.getStats();
    for (const s of stats) if (s.type === 'inbound-rtp') total += s.packetCount;
  }
  return total;
}
