import { ROUTER_MEDIA_CODECS } from '../../server/src/media/codecs.js';
import { mediasoup, type MediasoupTypes } from '../../server/src/media/mediasoup.js';
import {
  createIngress,
  createReceiver,
  inBatches,
  ingressPackets,
  type Ingress,
  type Receiver,
} from './mediaPieces.js';
import type { FanoutTopology } from './topology.js';

/** Ports away from Linux's ephemeral range (32768–60999), where the receivers' sockets live. */
const RTC_MIN_PORT = 20000;
const RTC_MAX_PORT = 31999;

/**
 * The ceiling: a plain mediasoup script with nothing else in the process. One router per worker,
 * the producers on the first and piped (pipeToRouter) to the others, receivers spread round-robin.
 */
export class BareTopology implements FanoutTopology {
  readonly mode = 'bare' as const;
  readonly placement = 'router per worker, producers piped with pipeToRouter, receivers round-robin';
  readonly receivers: Receiver[] = [];
  readonly #workers: MediasoupTypes.Worker[];
  readonly #routers: MediasoupTypes.Router[];
  readonly #ingress: Ingress;
  readonly #perRouter: number[];
  #next = 0;

  private constructor(workers: MediasoupTypes.Worker[], routers: MediasoupTypes.Router[], ingress: Ingress) {
    this.#workers = workers;
    this.#routers = routers;
    this.#ingress = ingress;
    this.#perRouter = routers.map(() => 0);
  }

  static async create(numWorkers: number): Promise<BareTopology> {
    const workers: MediasoupTypes.Worker[] = [];
    try {
      for (let i = 0; i < numWorkers; i++) {
        workers.push(
          await mediasoup.createWorker({ logLevel: 'error', rtcMinPort: RTC_MIN_PORT, rtcMaxPort: RTC_MAX_PORT }),
        );
      }
      const routers = await Promise.all(workers.map((w) => w.createRouter({ mediaCodecs: ROUTER_MEDIA_CODECS })));
      const origin = routers[0]!;
      const ingress = await createIngress(origin);
      for (const router of routers.slice(1)) {
        await origin.pipeToRouter({ producerId: ingress.audio.id, router });
        await origin.pipeToRouter({ producerId: ingress.video.id, router });
      }
      return new BareTopology(workers, routers, ingress);
    } catch (error) {
      for (const w of workers) w.close();
      throw error;
    }
  }

  get ingressPort(): number {
    return this.#ingress.port;
  }

  workers(): MediasoupTypes.Worker[] {
    return this.#workers;
  }

  receiversPerWorker(): number[] {
    return [...this.#perRouter];
  }

  producerPackets(): Promise<number> {
    return ingressPackets(this.#ingress);
  }

  async addReceivers(ports: readonly number[]): Promise<void> {
    const producerIds = [this.#ingress.audio.id, this.#ingress.video.id];
    await inBatches(ports, 32, async (port) => {
      const index = this.#next++ % this.#routers.length;
      this.#perRouter[index]! += 1;
      this.receivers.push(await createReceiver(this.#routers[index]!, port, producerIds, { pausedThenResumed: false }));
    });
  }

  async close(): Promise<void> {
    for (const w of this.#workers) w.close();
  }
}
