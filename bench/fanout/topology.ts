import type { MediasoupTypes } from '../../server/src/media/mediasoup.js';
import type { Receiver } from './mediaPieces.js';

export type FanoutMode = 'bare' | 'platform';

/** A way of placing one host's producers and N receivers on the workers of this machine. */
export interface FanoutTopology {
  readonly mode: FanoutMode;
  /** How placement is done here, printed with the results. */
  readonly placement: string;
  /** UDP port of the producers' PlainTransport (the synthetic source sends there). */
  readonly ingressPort: number;
  readonly receivers: readonly Receiver[];
  workers(): MediasoupTypes.Worker[];
  /** Receivers on each worker, in worker order. */
  receiversPerWorker(): number[];
  addReceivers(ports: readonly number[]): Promise<void>;
  /** RTP packets the host's producers have received from the source so far. */
  producerPackets(): Promise<number>;
  close(): Promise<void>;
}
