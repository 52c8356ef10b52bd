import type { MediaSource } from '@diem-cau/shared';
import type { LayerCeiling } from './layerPolicy.js';
import type { MediasoupTypes } from './mediasoup.js';

/** Who a peer is, as far as the media plane cares. */
export interface PeerIdentity {
  role: 'host' | 'endpoint' | 'admin' | 'member';
  subject: string;
  displayName?: string;
}

export interface ConsumerState {
  consumer: MediasoupTypes.Consumer;
  /** The receive transport it was created on. */
  transportId: string;
  source: MediaSource;
  /** The client said it is ready (`media:resumeConsumer`). */
  resumedByClient: boolean;
  /** Simulcast layer ceiling (client preference and automatic lowering on a poor score). */
  layers: LayerCeiling;
}

/** The media state of one connection (a socket) in a room. */
export class MediaPeer {
  /** Worker slot of this peer's transports; chosen at its first transport. */
  slot: number | undefined;
  readonly transports = new Map<
    string,
    { transport: MediasoupTypes.WebRtcTransport; direction: 'send' | 'recv'; slotWorker: MediasoupTypes.Worker }
  >();
  readonly producers = new Set<string>();
  readonly consumers = new Map<string, ConsumerState>();
  /** Transports being created: counted against the connection's limit before they exist. */
  creatingTransports = 0;
  /** Producers being consumed right now (producer id → receive transport id), counted the same way. */
  readonly consuming = new Map<string, string>();
  audioOnly = false;
  clientStats: { iceState: string; framesPerSecond?: number; framesDecoded?: number; at: number } | undefined;

  constructor(
    readonly id: string,
    readonly identity: PeerIdentity,
  ) {}

  /** Open transports, and those being created. */
  transportCount(): number {
    let count = this.creatingTransports;
    for (const { transport } of this.transports.values()) if (!transport.closed) count++;
    return count;
  }

  /** Open consumers, and those being created. */
  consumerCount(): number {
    let count = this.consuming.size;
    for (const { consumer } of this.consumers.values()) if (!consumer.closed) count++;
    return count;
  }

  /** This connection's open consumer of a producer, if any. */
  consumerOf(producerId: string): ConsumerState | undefined {
    for (const state of this.consumers.values())
      if (state.consumer.producerId === producerId && !state.consumer.closed) return state;
    return undefined;
  }

  recvTransport(): MediasoupTypes.WebRtcTransport | undefined {
    for (const t of this.transports.values()) if (t.direction === 'recv' && !t.transport.closed) return t.transport;
    return undefined;
  }
}
