import dgram from 'node:dgram';
import { performance } from 'node:perf_hooks';

/** Payload types and SSRCs of the synthetic host: one Opus stream and three VP8 simulcast layers. */
export const SOURCE = {
  audioPayloadType: 100,
  videoPayloadType: 101,
  audioSsrc: 0x11110001,
  /** Lowest layer first, as mediasoup expects simulcast encodings. */
  videoSsrcs: [0x22220001, 0x22220002, 0x22220003] as const,
} as const;

const AUDIO_INTERVAL_MS = 20; // Opus 20 ms frames: 50 packets/s
const VIDEO_FRAME_MS = 50; // 20 fps, as Chromium's fake camera publishes
const MAX_VIDEO_PAYLOAD = 1200;
const AUDIO_PAYLOAD_BYTES = 80; // ≈ 32 kbit/s Opus
const KEYFRAME_REQUEST_GAP_MS = 250;
/** Each layer's picture size, lowest first, as Chromium's fake camera publishes them. */
const LAYER_SIZES = [
  [320, 180],
  [640, 360],
  [1280, 720],
] as const;
/**
 * Opus TOC byte: config 31 (CELT fullband, 20 ms), mono, one frame. A valid TOC lets an RTP receiver
 * such as ffmpeg parse the packets; the frame bytes after it are filler.
 */
const OPUS_TOC = 0xf8;

export interface SourceOptions {
  /** Bitrate of the top simulcast layer (bit/s); the layers below get 1/4 and 1/16 of it. */
  videoBitrate: number;
  /** A keyframe on every layer this often, besides the ones the worker asks for with PLI/FIR. */
  keyframeIntervalMs?: number;
}

interface VideoLayer {
  ssrc: number;
  size: { width: number; height: number };
  packetsPerFrame: number;
  payloadBytes: number;
  sequence: number;
  pictureId: number;
  tl0PicIdx: number;
  wantKeyframe: boolean;
  lastKeyframeAt: number;
  sent: number;
}

/** RTP fixed header (RFC 3550), no CSRC, no extensions. */
function writeRtpHeader(buf: Buffer, pt: number, marker: boolean, seq: number, ts: number, ssrc: number): void {
  buf[0] = 0x80;
  buf[1] = (marker ? 0x80 : 0) | pt;
  buf.writeUInt16BE(seq & 0xffff, 2);
  buf.writeUInt32BE(ts >>> 0, 4);
  buf.writeUInt32BE(ssrc >>> 0, 8);
}

/**
 * VP8 payload descriptor (RFC 7741) with a 15-bit picture id, TL0PICIDX and TID, followed by the
 * VP8 payload header: its first byte's lowest bit is 0 on a keyframe, and a keyframe's header
 * (RFC 6386 §9.1) carries the start code and the picture size. mediasoup parses the descriptor and
 * that bit to find keyframes and rewrite picture ids when it switches simulcast layers; a recorder
 * (ffmpeg) reads the size from the header. The compressed data after it is filler, not decodable.
 */
function writeVp8Descriptor(
  buf: Buffer,
  offset: number,
  start: boolean,
  pictureId: number,
  tl0: number,
  keyframe: { width: number; height: number } | null,
): void {
  buf[offset] = 0x80 | (start ? 0x10 : 0); // X, S, partition 0
  buf[offset + 1] = 0xe0; // I, L, T
  buf[offset + 2] = 0x80 | ((pictureId >> 8) & 0x7f);
  buf[offset + 3] = pictureId & 0xff;
  buf[offset + 4] = tl0 & 0xff;
  buf[offset + 5] = 0x20; // TID 0, Y
  if (!start) return;
  const header = offset + 6;
  if (!keyframe) {
    buf[header] = 0x01; // P bit: 1 = interframe
    return;
  }
  // Frame tag: keyframe, version 0, shown, first partition of 1 byte (within the packet).
  buf.writeUIntLE((1 << 5) | (1 << 4), header, 3);
  buf.writeUIntLE(0x2a019d, header + 3, 3); // start code 9d 01 2a
  buf.writeUInt16LE(keyframe.width & 0x3fff, header + 6);
  buf.writeUInt16LE(keyframe.height & 0x3fff, header + 8);
}

/**
 * A synthetic host publisher: sends Opus-sized audio at 50 packets/s and three VP8 simulcast layers
 * at 20 frames/s to a mediasoup PlainTransport (comedia), paced on a 5 ms timer, and answers the
 * worker's PLI/FIR with keyframes. Bounded: it stops by itself after `maxRunMs`.
 */
export class RtpSource {
  readonly #socket = dgram.createSocket('udp4');
  readonly #layers: VideoLayer[];
  readonly #keyframeIntervalMs: number;
  #audioSeq = 0;
  #audioSent = 0;
  #audioDue = 0;
  #framesDue = 0;
  #t0 = 0;
  #timer: NodeJS.Timeout | undefined;
  #stopTimer: NodeJS.Timeout | undefined;
  #keyframeRequests = 0;

  constructor(
    readonly target: { ip: string; port: number },
    options: SourceOptions,
  ) {
    this.#keyframeIntervalMs = options.keyframeIntervalMs ?? 1000;
    const bitrates = [options.videoBitrate / 16, options.videoBitrate / 4, options.videoBitrate];
    this.#layers = SOURCE.videoSsrcs.map((ssrc, i) => {
      const bytesPerFrame = Math.max(100, Math.round(bitrates[i]! / 8 / (1000 / VIDEO_FRAME_MS)));
      const packetsPerFrame = Math.max(1, Math.ceil(bytesPerFrame / MAX_VIDEO_PAYLOAD));
      const [width, height] = LAYER_SIZES[i]!;
      return {
        ssrc,
        size: { width, height },
        packetsPerFrame,
        payloadBytes: Math.ceil(bytesPerFrame / packetsPerFrame),
        sequence: 1000 * (i + 1),
        pictureId: 100 * (i + 1),
        tl0PicIdx: 0,
        wantKeyframe: true,
        lastKeyframeAt: -Infinity,
        sent: 0,
      };
    });
    this.#socket.on('message', (msg) => this.#onRtcp(msg));
  }

  /** Packets per second of the audio stream and of each video layer (lowest first). */
  get rates(): { audio: number; video: number[] } {
    return {
      audio: 1000 / AUDIO_INTERVAL_MS,
      video: this.#layers.map((l) => (l.packetsPerFrame * 1000) / VIDEO_FRAME_MS),
    };
  }

  get counters(): { audio: number; video: number[]; keyframeRequests: number } {
    return { audio: this.#audioSent, video: this.#layers.map((l) => l.sent), keyframeRequests: this.#keyframeRequests };
  }

  async start(maxRunMs: number): Promise<void> {
    await new Promise<void>((resolve) => this.#socket.bind(0, '127.0.0.1', resolve));
    this.#t0 = performance.now();
    this.#timer = setInterval(() => this.#tick(), 5);
    this.#stopTimer = setTimeout(() => this.stop(), maxRunMs);
    this.#stopTimer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    if (this.#stopTimer) clearTimeout(this.#stopTimer);
    this.#timer = undefined;
    try {
      this.#socket.close();
    } catch {
      // already closed
    }
  }

  #send(packet: Buffer): void {
    this.#socket.send(packet, this.target.port, this.target.ip);
  }

  #tick(): void {
    const now = performance.now() - this.#t0;
    while (this.#audioDue * AUDIO_INTERVAL_MS <= now) {
      const packet = Buffer.alloc(12 + AUDIO_PAYLOAD_BYTES, 0x5a);
      packet[12] = OPUS_TOC;
      writeRtpHeader(packet, SOURCE.audioPayloadType, false, this.#audioSeq++, this.#audioDue * 960, SOURCE.audioSsrc);
      this.#send(packet);
      this.#audioSent++;
      this.#audioDue++;
    }
    while (this.#framesDue * VIDEO_FRAME_MS <= now) {
      const timestamp = this.#framesDue * (90000 / (1000 / VIDEO_FRAME_MS));
      for (const layer of this.#layers) this.#sendFrame(layer, timestamp, now);
      this.#framesDue++;
    }
  }

  #sendFrame(layer: VideoLayer, timestamp: number, now: number): void {
    const keyframe = layer.wantKeyframe || now - layer.lastKeyframeAt >= this.#keyframeIntervalMs;
    if (keyframe) {
      layer.wantKeyframe = false;
      layer.lastKeyframeAt = now;
    }
    layer.pictureId = (layer.pictureId + 1) & 0x7fff;
    layer.tl0PicIdx = (layer.tl0PicIdx + 1) & 0xff;
    for (let i = 0; i < layer.packetsPerFrame; i++) {
      const packet = Buffer.alloc(12 + layer.payloadBytes, 0x3c);
      writeRtpHeader(
        packet,
        SOURCE.videoPayloadType,
        i === layer.packetsPerFrame - 1,
        layer.sequence++,
        timestamp,
        layer.ssrc,
      );
      writeVp8Descriptor(packet, 12, i === 0, layer.pictureId, layer.tl0PicIdx, keyframe ? layer.size : null);
      this.#send(packet);
      layer.sent++;
    }
  }

  /** PLI (PSFB FMT 1) and FIR (PSFB FMT 4) from the worker ask for a keyframe on one layer. */
  #onRtcp(msg: Buffer): void {
    let offset = 0;
    while (offset + 12 <= msg.length) {
      const fmt = msg[offset]! & 0x1f;
      const pt = msg[offset + 1]!;
      const length = (msg.readUInt16BE(offset + 2) + 1) * 4;
      if (pt === 206 && (fmt === 1 || fmt === 4)) {
        const ssrc =
          fmt === 1 ? msg.readUInt32BE(offset + 8) : offset + 16 <= msg.length ? msg.readUInt32BE(offset + 12) : 0;
        const layer = this.#layers.find((l) => l.ssrc === ssrc);
        const now = performance.now() - this.#t0;
        if (layer && now - layer.lastKeyframeAt >= KEYFRAME_REQUEST_GAP_MS) {
          layer.wantKeyframe = true;
          this.#keyframeRequests++;
        }
      }
      offset += length;
    }
  }
}
