import type { RtpParametersWire, ServerToClientEvents } from '@diem-cau/shared';
import type { TestSocket } from './socketClient.js';

/** Sends a typed request and returns its data, or throws with the error code as message. */
export { signal as request } from '../../bench/lib/signal.js';

/** Resolves with the next push of `event` matching `filter`. */
export function nextPush<K extends keyof ServerToClientEvents>(
  socket: TestSocket,
  event: K,
  filter: (payload: Parameters<ServerToClientEvents[K]>[0]) => boolean = () => true,
  timeoutMs = 15_000,
): Promise<Parameters<ServerToClientEvents[K]>[0]> {
  type P = Parameters<ServerToClientEvents[K]>[0];
  return new Promise((resolve, reject) => {
    const on = socket.on.bind(socket) as unknown as (e: K, l: (p: P) => void) => void;
    const off = socket.off.bind(socket) as unknown as (e: K, l: (p: P) => void) => void;
    const timer = setTimeout(() => {
      off(event, listener);
      reject(new Error(`no ${String(event)} push within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: P): void => {
      if (!filter(payload)) return;
      clearTimeout(timer);
      off(event, listener);
      resolve(payload);
    };
    on(event, listener);
  });
}

/** RTP parameters like mediasoup-client sends for an Opus microphone. */
export function opusParameters(ssrc: number): RtpParametersWire {
  return {
    mid: '0',
    codecs: [
      {
        mimeType: 'audio/opus',
        payloadType: 111,
        clockRate: 48000,
        channels: 2,
        parameters: { minptime: 10, useinbandfec: 1 },
        rtcpFeedback: [{ type: 'transport-cc' }],
      },
    ],
    headerExtensions: [{ uri: 'urn:ietf:params:rtp-hdrext:sdes:mid', id: 4 }],
    encodings: [{ ssrc }],
    rtcp: { cname: 'test', reducedSize: true },
  };
}

/** RTP parameters like mediasoup-client sends for a VP8 camera with three simulcast layers. */
export function vp8SimulcastParameters(): RtpParametersWire {
  return {
    mid: '1',
    codecs: [
      {
        mimeType: 'video/VP8',
        payloadType: 96,
        clockRate: 90000,
        rtcpFeedback: [
          { type: 'goog-remb' },
          { type: 'transport-cc' },
          { type: 'ccm', parameter: 'fir' },
          { type: 'nack' },
          { type: 'nack', parameter: 'pli' },
        ],
      },
      { mimeType: 'video/rtx', payloadType: 97, clockRate: 90000, parameters: { apt: 96 } },
    ],
    headerExtensions: [
      { uri: 'urn:ietf:params:rtp-hdrext:sdes:mid', id: 4 },
      { uri: 'urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id', id: 10 },
      { uri: 'urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id', id: 11 },
    ],
    encodings: [
      { rid: 'r0', scalabilityMode: 'L1T3', maxBitrate: 150_000 },
      { rid: 'r1', scalabilityMode: 'L1T3', maxBitrate: 500_000 },
      { rid: 'r2', scalabilityMode: 'L1T3', maxBitrate: 1_500_000 },
    ],
    rtcp: { cname: 'test', reducedSize: true },
  };
}
