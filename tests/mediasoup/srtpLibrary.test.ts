import { createSocket } from 'node:dgram';
import { readFileSync, readlinkSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createWorker, type types } from 'mediasoup';
import { expect, test } from 'vitest';

/**
 * The libsrtp2 of the worker under test (tests/mediasoup/run.sh sets the expectation): which build
 * a running worker loaded, read from /proc/<pid>/maps (the OpenSSL build for the `openssl` worker,
 * a wrapper script that must exec the worker so that the pid mediasoup holds is the worker's;
 * Debian's for `system`), and a smoke check that it protects and unprotects RTP with every SRTP
 * suite mediasoup offers.
 */
const variant = process.env.DIEMCAU_EXPECT_SRTP;
const expectedLib = process.env.DIEMCAU_EXPECT_LIBSRTP2 ?? '';
const LOOPBACK = '127.0.0.1';

test.runIf(variant && expectedLib)(`the ${variant} worker runs with ${expectedLib}`, async () => {
  const worker = await createWorker({ logLevel: 'none' });
  try {
    const exe = readlinkSync(`/proc/${worker.pid}/exe`);
    const maps = readFileSync(`/proc/${worker.pid}/maps`, 'utf8');
    const mapped = new Set(maps.split('\n').flatMap((line) => line.match(/\s(\/\S+)$/)?.[1] ?? []));
    const named = (re: RegExp) => [...mapped].filter((file) => re.test(path.basename(file)));
    expect(path.basename(exe)).toBe('mediasoup-worker');
    expect(named(/^libsrtp2\.so/)).toEqual([realpathSync(expectedLib)]);
    // Debian's libsrtp2 is what brings NSS into the worker; the OpenSSL build must not.
    expect(named(/^libnss3\.so/).length > 0).toBe(variant === 'system');
  } finally {
    worker.close();
  }
});

const SUITES: types.SrtpCryptoSuite[] = [
  'AEAD_AES_256_GCM',
  'AEAD_AES_128_GCM',
  'AES_CM_128_HMAC_SHA1_80',
  'AES_CM_128_HMAC_SHA1_32',
];
const OPUS: types.RtpCodecCapability = { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 };

function rtpPacket(seq: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(12);
  header[0] = 0x80;
  header[1] = 100; // payload type
  header.writeUInt16BE(seq, 2);
  header.writeUInt32BE(seq * 960, 4);
  header.writeUInt32BE(0x1234_5678, 8); // SSRC
  return Buffer.concat([header, payload]);
}

/** An RTP packet's payload: after the fixed header, the CSRCs and the header extensions the worker adds. */
function rtpPayload(packet: Buffer): Buffer {
  const first = packet.readUInt8(0);
  let offset = 12 + 4 * (first & 0x0f);
  if (first & 0x10) offset += 4 + 4 * packet.readUInt16BE(offset + 2);
  return packet.subarray(offset);
}

/**
 * Plain RTP in → router A → SRTP (suite) over loopback → router B → plain RTP out, on one worker:
 * what arrives intact went through the worker's srtp_protect and srtp_unprotect.
 */
test.each(SUITES)('RTP crosses an SRTP link with %s', async (suite) => {
  const worker = await createWorker({ logLevel: 'none' });
  const receiver = createSocket('udp4');
  const sender = createSocket('udp4');
  try {
    const [routerA, routerB] = await Promise.all([
      worker.createRouter({ mediaCodecs: [OPUS] }),
      worker.createRouter({ mediaCodecs: [OPUS] }),
    ]);
    const listenIp = { ip: LOOPBACK };
    const input = await routerA.createPlainTransport({ listenIp, comedia: true });
    const producer = await input.produce({
      kind: 'audio',
      rtpParameters: {
        codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }],
        encodings: [{ ssrc: 0x1234_5678 }],
      },
    });
    const srtp = { listenIp, enableSrtp: true, srtpCryptoSuite: suite };
    const [out, back] = await Promise.all([routerA.createPlainTransport(srtp), routerB.createPlainTransport(srtp)]);
    await out.connect({ ip: LOOPBACK, port: back.tuple.localPort, srtpParameters: back.srtpParameters });
    await back.connect({ ip: LOOPBACK, port: out.tuple.localPort, srtpParameters: out.srtpParameters });
    const linkConsumer = await out.consume({ producerId: producer.id, rtpCapabilities: routerA.rtpCapabilities });
    const linkProducer = await back.produce({ kind: 'audio', rtpParameters: linkConsumer.rtpParameters });

    await new Promise<void>((resolve) => receiver.bind(0, LOOPBACK, resolve));
    const output = await routerB.createPlainTransport({ listenIp });
    await output.connect({ ip: LOOPBACK, port: receiver.address().port });
    await output.consume({ producerId: linkProducer.id, rtpCapabilities: routerB.rtpCapabilities });

    const payloads = new Set<string>();
    receiver.on('message', (packet: Buffer) => payloads.add(rtpPayload(packet).toString('hex')));
    const sent: string[] = [];
    for (let seq = 1; seq <= 40; seq++) {
      const payload = Buffer.from(`opus frame ${seq} ${suite}`);
      sent.push(payload.toString('hex'));
      sender.send(rtpPacket(seq, payload), input.tuple.localPort, LOOPBACK);
      await sleep(5);
    }
    await sleep(200);
    // The first packet or two may go before the comedia tuple is learned; the rest must arrive intact.
    expect(sent.filter((p) => payloads.has(p)).length).toBeGreaterThanOrEqual(35);
  } finally {
    receiver.close();
    sender.close();
    worker.close();
  }
});
