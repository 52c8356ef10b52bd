import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { serveParent } from '../lib/childProcess.js';
import type { ReceiverRequest, ReceiverResponse, WindowReport } from './receiverProtocol.js';

/**
 * A load process holding up to MAX_SOCKETS UDP sockets, each the remote end of one receiver's
 * PlainTransport. The worker sends SRTP (AEAD_AES_256_GCM) to these sockets. SRTP encrypts only the
 * payload and appends an authentication tag: the 12-byte RTP header, with its SSRC and sequence
 * number, stays in clear. So counting packets and detecting loss from sequence gaps needs no keys
 * and no decryption, and the worker still does the full encryption work per packet and consumer.
 */
const MAX_SOCKETS = 15_000;
const RECV_BUFFER_BYTES = 512 * 1024;

interface StreamState {
  ssrc: number;
  /** Highest extended sequence number seen (handles 16-bit wrap). */
  maxExt: number;
  windowFirst: number;
  windowReceived: number;
}

interface Receiver {
  socket: dgram.Socket;
  streams: StreamState[];
}

const receivers: Receiver[] = [];
let totalReceived = 0;
let rtcpReceived = 0;
let windowBytes = 0;
let windowStart = performance.now();
let windowCpu = process.cpuUsage();

function onPacket(r: Receiver, msg: Buffer): void {
  if (msg.length < 12) return;
  const second = msg[1]!;
  if (second >= 192 && second <= 223) {
    rtcpReceived++; // RTCP (SR, SDES…): rtcp-mux on the same port, RFC 5761
    return;
  }
  const seq = msg.readUInt16BE(2);
  const ssrc = msg.readUInt32BE(8);
  let s = r.streams.find((x) => x.ssrc === ssrc);
  if (!s) {
    s = { ssrc, maxExt: seq, windowFirst: -1, windowReceived: 0 };
    r.streams.push(s);
  }
  const delta = ((seq - (s.maxExt & 0xffff) + 0x8000) & 0xffff) - 0x8000;
  const ext = s.maxExt + delta;
  if (ext > s.maxExt) s.maxExt = ext;
  if (s.windowFirst < 0 || ext < s.windowFirst) s.windowFirst = ext;
  s.windowReceived++;
  totalReceived++;
  windowBytes += msg.length;
}

async function open(count: number): Promise<number[]> {
  if (receivers.length + count > MAX_SOCKETS) throw new Error(`a load process holds at most ${MAX_SOCKETS} sockets`);
  const ports: number[] = [];
  for (let i = 0; i < count; i++) {
    const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: RECV_BUFFER_BYTES });
    const r: Receiver = { socket, streams: [] };
    socket.on('message', (msg) => onPacket(r, msg));
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    socket.setRecvBufferSize(RECV_BUFFER_BYTES);
    receivers.push(r);
    ports.push((socket.address() as AddressInfo).port);
  }
  return ports;
}

function resetWindow(): void {
  for (const r of receivers)
    for (const s of r.streams) {
      s.windowFirst = -1;
      s.windowReceived = 0;
    }
  windowBytes = 0;
  windowStart = performance.now();
  windowCpu = process.cpuUsage();
}

function report(perReceiver = false): WindowReport {
  let received = 0;
  let expected = 0;
  let silent = 0;
  let incomplete = 0;
  const counts: [number, number][] = [];
  for (const r of receivers) {
    let streamsSeen = 0;
    let rReceived = 0;
    let rExpected = 0;
    for (const s of r.streams) {
      if (s.windowFirst < 0) continue;
      streamsSeen++;
      rReceived += s.windowReceived;
      rExpected += Math.max(s.windowReceived, s.maxExt - s.windowFirst + 1);
    }
    received += rReceived;
    expected += rExpected;
    if (perReceiver) counts.push([rReceived, rExpected]);
    if (streamsSeen === 0) silent++;
    else if (streamsSeen < 2) incomplete++;
  }
  const cpu = process.cpuUsage(windowCpu);
  return {
    received,
    expected,
    bytes: windowBytes,
    silent,
    incomplete,
    receivers: receivers.length,
    totalReceived,
    rtcpReceived,
    cpuMs: (cpu.user + cpu.system) / 1000,
    windowMs: performance.now() - windowStart,
    ...(perReceiver && { perReceiver: counts }),
  };
}

function closeAll(): number {
  const n = receivers.length;
  for (const r of receivers.splice(0)) r.socket.close();
  return n;
}

serveParent<ReceiverRequest, ReceiverResponse>(async (req) => {
  switch (req.op) {
    case 'open':
      return { ports: await open(req.count) };
    case 'resetWindow':
      resetWindow();
      return { done: true };
    case 'report':
      return report(req.perReceiver);
    case 'closeAll':
      return { closed: closeAll() };
  }
}, closeAll);
