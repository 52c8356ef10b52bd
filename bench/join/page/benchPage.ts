// Bundled for the browser (esbuild) and injected into a page served by the platform under test:
// it drives the product's own client code (socket helper and MediaClient with mediasoup-client).
import { connectSocket, request, type AppSocket } from '../../../client/src/lib/socket';
import { MediaClient } from '../../../client/src/features/media/MediaClient';
import type { EndpointTiming } from '../timing';

const TRACK_TIMEOUT_MS = 30_000;

function connected(socket: AppSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.connected) return resolve();
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error: Error & { data?: { code?: string } }) =>
      reject(new Error(error.data?.code ?? error.message)),
    );
  });
}

function until<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const tick = (): void => {
      const value = probe();
      if (value !== undefined) return resolve(value);
      if (performance.now() - started > timeoutMs) return reject(new Error(`timeout waiting for ${what}`));
      setTimeout(tick, 10);
    };
    tick();
  });
}

// Every peer connection the page creates, to find the RTCRtpReceiver of a track.
const peerConnections: RTCPeerConnection[] = [];
const NativePeerConnection = globalThis.RTCPeerConnection;
globalThis.RTCPeerConnection = class extends NativePeerConnection {
  constructor(config?: RTCConfiguration) {
    super(config);
    peerConnections.push(this);
  }
};

async function packetsReceived(track: MediaStreamTrack): Promise<number> {
  for (const pc of peerConnections) {
    const receiver = pc.getReceivers().find((r) => r.track === track);
    if (!receiver) continue;
    let packets = 0;
    (await receiver.getStats()).forEach((s: { type: string; packetsReceived?: number }) => {
      if (s.type === 'inbound-rtp') packets += s.packetsReceived ?? 0;
    });
    return packets;
  }
  return 0;
}

/**
 * Resolves at the track's first media packet. A remote track that starts muted unmutes when RTP
 * arrives (exact); one that does not is polled: its receiver's inbound-rtp packetsReceived > 0.
 */
async function pollFirstPacket(track: MediaStreamTrack, timeoutMs: number): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if ((await packetsReceived(track)) > 0) return performance.now();
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no ${track.kind} packet within ${timeoutMs} ms`);
}

function firstPacket(track: MediaStreamTrack, timeoutMs: number): Promise<number> {
  if (!track.muted) return pollFirstPacket(track, timeoutMs);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${track.kind} packet within ${timeoutMs} ms`)), timeoutMs);
    track.addEventListener(
      'unmute',
      () => {
        clearTimeout(timer);
        resolve(performance.now());
      },
      { once: true },
    );
  });
}

const kept: { socket: AppSocket; media: MediaClient }[] = [];

async function publishHost(token: string, sessionId: string, subject: string): Promise<void> {
  const socket = connectSocket(token);
  await connected(socket);
  await request(socket, 'session:join', { sessionId });
  const media = new MediaClient(socket, { self: { role: 'host', subject }, receive: false });
  await media.start();
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: true,
    video: { width: 1280, height: 720, frameRate: 20 },
  });
  await media.publish('mic', stream.getAudioTracks()[0]!);
  await media.publish('camera', stream.getVideoTracks()[0]!);
  kept.push({ socket, media });
}

async function joinEndpoint(token: string, sessionId: string, subject: string): Promise<EndpointTiming> {
  const t0 = performance.now();
  const timing: EndpointTiming = { subject, ok: false };
  try {
    const socket = connectSocket(token);
    await connected(socket);
    timing.connectedMs = performance.now() - t0;
    await request(socket, 'session:join', { sessionId });
    timing.joinedMs = performance.now() - t0;
    const media = new MediaClient(socket, { self: { role: 'endpoint', subject }, receive: true });
    kept.push({ socket, media });
    await media.start();
    timing.consumingMs = performance.now() - t0;
    const audio = await until(() => media.tracks.find((t) => t.kind === 'audio'), TRACK_TIMEOUT_MS, 'audio track');
    const video = await until(() => media.tracks.find((t) => t.kind === 'video'), TRACK_TIMEOUT_MS, 'video track');
    timing.detectedBy = audio.track.muted && video.track.muted ? 'unmute' : 'stats';
    const [a, v] = await Promise.all([
      firstPacket(audio.track, TRACK_TIMEOUT_MS),
      firstPacket(video.track, TRACK_TIMEOUT_MS),
    ]);
    timing.firstAudioMs = a - t0;
    timing.firstVideoMs = v - t0;
    timing.firstMediaMs = Math.min(a, v) - t0;
    timing.ok = true;
  } catch (error) {
    timing.error = error instanceof Error ? error.message : String(error);
  }
  return timing;
}

function closeAll(): void {
  for (const k of kept.splice(0)) {
    k.media.close();
    k.socket.close();
  }
}

Object.assign(globalThis, { diemCauBench: { publishHost, joinEndpoint, closeAll } });
