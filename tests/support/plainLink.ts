import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import type { RtpCapabilitiesWire } from '@diem-cau/shared';
import type { MediasoupTypes } from '@diem-cau/server/src/media/mediasoup.js';
import { plainTransportOf as benchPlainTransportOf } from '../../bench/lib/plainPeer.js';
import { request } from './mediaSignal.js';
import type { TestSocket } from './socketClient.js';
import type { TestApp } from './testApp.js';

/** A connection's plain RTP transport through the real signalling (see bench/lib/plainPeer.ts). */
export function plainTransportOf(
  t: TestApp,
  sessionId: string,
  socket: TestSocket,
  direction: 'send' | 'recv',
  remotePort?: number,
): Promise<MediasoupTypes.PlainTransport> {
  return benchPlainTransportOf(t.app, sessionId, socket, direction, remotePort);
}

/** The synthetic host's producers (bench/fanout's RtpSource: Opus and three VP8 simulcast layers). */
export { produceSynthetic } from '../../bench/lib/plainPeer.js';

/**
 * The router's capabilities without transport-wide congestion control and REMB: the receiver sends
 * no such feedback, and mediasoup would otherwise hold it on the lowest layer (see bench/fanout).
 */
export function withoutBandwidthFeedback(caps: RtpCapabilitiesWire): RtpCapabilitiesWire {
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

/** Consumes and resumes every producer of the session on the connection's plain receive transport. */
export async function receiveAll(socket: TestSocket, transportId: string): Promise<number> {
  const { rtpCapabilities } = await request(socket, 'media:getRouterRtpCapabilities', {});
  const { producers } = await request(socket, 'media:getProducers', {});
  for (const p of producers) {
    const consumer = await request(socket, 'media:consume', {
      transportId,
      producerId: p.producerId,
      rtpCapabilities: withoutBandwidthFeedback(rtpCapabilities),
    });
    await request(socket, 'media:resumeConsumer', { consumerId: consumer.consumerId });
  }
  return producers.length;
}

interface StreamSeen {
  highest: number;
  cycles: number;
  received: number;
  /** Middle 32 bits of the NTP time of its last sender report, and when that report arrived. */
  lsr?: number;
  srAt?: number;
}

/**
 * An endpoint's receiving end: a UDP socket the worker sends RTP and sender reports to. Every
 * 300 ms it sends a receiver report for each stream, with the loss it is told to report and a
 * delay since the last sender report that makes mediasoup compute the round trip it is told to
 * simulate. `cut()` makes it silent (a link cut: nothing comes back), `restore()` ends that.
 */
export class PlainLinkReceiver {
  readonly #socket = dgram.createSocket('udp4');
  readonly #streams = new Map<number, StreamSeen>();
  #timer: NodeJS.Timeout | undefined;
  #transportPort = 0;
  #silent = false;
  rtpPackets = 0;

  constructor(readonly link: { loss: number; rttMs: number }) {
    this.#socket.on('message', (msg) => this.#onPacket(msg));
  }

  async start(): Promise<number> {
    await new Promise<void>((resolve) => this.#socket.bind(0, '127.0.0.1', resolve));
    this.#timer = setInterval(() => this.#report(), 300);
    return (this.#socket.address() as AddressInfo).port;
  }

  /** Where to send the reports: the plain receive transport's own port (it accepts them from us only). */
  sendTo(transport: MediasoupTypes.PlainTransport): void {
    this.#transportPort = transport.tuple.localPort;
    this.#streams.clear();
  }

  cut(): void {
    this.#silent = true;
  }

  restore(): void {
    this.#silent = false;
  }

  close(): void {
    clearInterval(this.#timer);
    this.#socket.close();
  }

  #onPacket(msg: Buffer): void {
    if (msg.length < 12) return;
    const pt = msg[1]!;
    if (pt >= 192 && pt <= 223) {
      for (let offset = 0; offset + 16 <= msg.length; offset += (msg.readUInt16BE(offset + 2) + 1) * 4) {
        if (msg[offset + 1] !== 200) continue; // sender report
        const stream = this.#stream(msg.readUInt32BE(offset + 4));
        stream.lsr = (((msg.readUInt32BE(offset + 8) & 0xffff) << 16) | (msg.readUInt32BE(offset + 12) >>> 16)) >>> 0;
        stream.srAt = Date.now();
      }
      return;
    }
    this.rtpPackets++;
    const stream = this.#stream(msg.readUInt32BE(8));
    const seq = msg.readUInt16BE(2);
    if (stream.received > 0 && seq < stream.highest - 30_000) stream.cycles++;
    if (stream.received === 0 || seq > stream.highest || seq < stream.highest - 30_000) stream.highest = seq;
    stream.received++;
  }

  #stream(ssrc: number): StreamSeen {
    let stream = this.#streams.get(ssrc);
    if (!stream) this.#streams.set(ssrc, (stream = { highest: 0, cycles: 0, received: 0 }));
    return stream;
  }

  #report(): void {
    if (this.#silent || this.#transportPort === 0) return;
    const now = Date.now();
    const blocks: Buffer[] = [];
    for (const [ssrc, s] of this.#streams) {
      // RTT = arrival − LSR − DLSR: a delay reported shorter than the real one by rttMs adds rttMs.
      const held = s.srAt === undefined ? -1 : now - s.srAt - this.link.rttMs;
      // Too soon after a sender report to report that round trip: wait for the next tick.
      if (s.received === 0 || blocks.length >= 31 || (s.lsr !== undefined && held <= 0)) continue;
      const block = Buffer.alloc(24);
      block.writeUInt32BE(ssrc, 0);
      const lost = Math.round((s.received * this.link.loss) / (1 - this.link.loss));
      block.writeUInt32BE(((Math.round(this.link.loss * 256) & 0xff) << 24) | (lost & 0xffffff), 4);
      block.writeUInt32BE(((s.cycles << 16) | s.highest) >>> 0, 8);
      if (s.lsr !== undefined) {
        block.writeUInt32BE(s.lsr, 16);
        block.writeUInt32BE(Math.max(1, Math.round((held * 65536) / 1000)), 20);
      }
      blocks.push(block);
    }
    const header = Buffer.alloc(8);
    header[0] = 0x80 | blocks.length;
    header[1] = 201;
    header.writeUInt16BE(1 + blocks.length * 6, 2);
    header.writeUInt32BE(0x5eed0001, 4);
    this.#socket.send(Buffer.concat([header, ...blocks]), this.#transportPort, '127.0.0.1');
  }
}
