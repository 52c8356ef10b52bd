import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTER_MEDIA_CODECS } from '@diem-cau/server/src/media/codecs.js';
import { isRtcp, rtpPacket, rtpPayloadType, rtpSsrc } from '../support/rtp.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

const PACKETS = 200;
const PRODUCER_SSRC = 0x1234abcd;

describe('media path through a real mediasoup worker', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('forwards synthetic RTP from a PlainTransport producer to a PlainTransport consumer', async () => {
    const worker = t.app.media.leastLoaded().worker;
    const router = await worker.createRouter({ mediaCodecs: ROUTER_MEDIA_CODECS });
    const sender = dgram.createSocket('udp4');
    const receiver = dgram.createSocket('udp4');
    try {
      // Producer side: comedia, so the worker learns our address from the first packet.
      const inbound = await router.createPlainTransport({ listenIp: '127.0.0.1', rtcpMux: true, comedia: true });
      const producer = await inbound.produce({
        kind: 'audio',
        rtpParameters: {
          codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }],
          encodings: [{ ssrc: PRODUCER_SSRC }],
        },
      });

      // Consumer side: the worker sends to our UDP socket.
      await new Promise<void>((resolve) => receiver.bind(0, '127.0.0.1', resolve));
      const received: Buffer[] = [];
      receiver.on('message', (msg) => {
        if (msg.length >= 12 && !isRtcp(msg)) received.push(msg);
      });
      const outbound = await router.createPlainTransport({ listenIp: '127.0.0.1', rtcpMux: true, comedia: false });
      await outbound.connect({ ip: '127.0.0.1', port: (receiver.address() as AddressInfo).port });
      const consumer = await outbound.consume({
        producerId: producer.id,
        rtpCapabilities: router.rtpCapabilities,
        paused: false,
      });

      const target = inbound.tuple.localPort;
      for (let i = 0; i < PACKETS; i++) {
        const packet = rtpPacket({
          payloadType: 100,
          sequence: 1000 + i,
          timestamp: i * 960,
          ssrc: PRODUCER_SSRC,
          payload: Buffer.alloc(80, i),
        });
        sender.send(packet, target, '127.0.0.1');
        if (i % 20 === 19) await new Promise((r) => setTimeout(r, 5));
      }
      const deadline = Date.now() + 5000;
      while (received.length < PACKETS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));

      expect(received.length).toBeGreaterThanOrEqual(PACKETS * 0.98);
      expect(received.length).toBeLessThanOrEqual(PACKETS);
      const consumerSsrc = consumer.rtpParameters.encodings?.[0]?.ssrc;
      const consumerPt = consumer.rtpParameters.codecs[0]?.payloadType;
      expect(received.every((p) => rtpSsrc(p) === consumerSsrc && rtpPayloadType(p) === consumerPt)).toBe(true);
      const [producerStats] = await producer.getStats();
      expect(producerStats?.packetCount).toBe(PACKETS);
    } finally {
      sender.close();
      receiver.close();
      router.close();
    }
  });
});
