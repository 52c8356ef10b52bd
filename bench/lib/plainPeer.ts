import type { App } from '../../server/src/app.js';
import { broadcastDomain } from '../../server/src/domain/broadcast/index.js';
import type { MediasoupTypes } from '../../server/src/media/mediasoup.js';
import { SYNTHETIC_RTP } from '../fanout/mediaPieces.js';
import { signal, type SignalSocket } from './signal.js';

/**
 * Media without a browser, through the real signalling: a connection asks for its WebRTC transport
 * as a browser does (which places it on a worker), and a plain RTP transport is opened beside it on
 * the same router and handed to the connection's peer, so `media:produce` and `media:consume` run
 * unchanged on it. What differs from a browser: no ICE, DTLS or congestion control. Needs the app in
 * this process (it reaches into the session's room).
 */
export async function plainTransportOf(
  app: App,
  sessionId: string,
  socket: SignalSocket,
  direction: 'send' | 'recv',
  remotePort?: number,
): Promise<MediasoupTypes.PlainTransport> {
  await signal(socket, 'media:createTransport', { direction });
  const room = broadcastDomain(app.ctx).rooms.existing(sessionId)!;
  const peer = room.peer(socket.id!)!;
  const router = room.routerOn(peer.slot!)!;
  const transport = await router.createPlainTransport({
    listenIp: '127.0.0.1',
    rtcpMux: true,
    comedia: direction === 'send',
  });
  if (remotePort !== undefined) await transport.connect({ ip: '127.0.0.1', port: remotePort });
  const slotWorker = app.media.slots[peer.slot!]!.worker;
  peer.transports.set(transport.id, {
    transport: transport as unknown as MediasoupTypes.WebRtcTransport,
    direction,
    slotWorker,
  });
  transport.observer.once('close', () => peer.transports.delete(transport.id));
  return transport;
}

/** The synthetic host's microphone and camera (bench/fanout's RtpSource) produced on `transportId`. */
export async function produceSynthetic(socket: SignalSocket, transportId: string): Promise<void> {
  await signal(socket, 'media:produce', {
    transportId,
    kind: 'audio',
    source: 'mic',
    rtpParameters: SYNTHETIC_RTP.audio,
  });
  await signal(socket, 'media:produce', {
    transportId,
    kind: 'video',
    source: 'camera',
    rtpParameters: SYNTHETIC_RTP.video,
  });
}
