import type { MediasoupTypes } from '../../server/src/media/mediasoup.js';
import { RoomRouters } from '../../server/src/media/RoomRouters.js';
import { startPlatform, type PlatformApp } from '../lib/platformApp.js';
import {
  createIngress,
  createReceiver,
  inBatches,
  ingressPackets,
  type Ingress,
  type Receiver,
} from './mediaPieces.js';
import type { FanoutTopology } from './topology.js';

/**
 * The same forwarding inside the running platform: createApp (HTTP, Socket.IO with the Redis
 * adapter, store, every domain module) on port 0, its MediaWorkerPool, and the broadcast room's own
 * router/pipe logic (server/src/media/RoomRouters: a router per worker on demand, every producer
 * piped through one serial queue) with BroadcastRoom's placement — each receiver on
 * `pool.leastLoaded()`, load counted per transport and per consumer — and consumers created paused
 * and resumed. What differs from a browser receiver: the transport is a PlainTransport with SRTP
 * (no ICE, DTLS or transport-wide congestion control), because BroadcastRoom only creates WebRTC
 * transports and a WebRTC stack per receiver would cost the load generator more than the worker.
 */
export class PlatformTopology implements FanoutTopology {
  readonly mode = 'platform' as const;
  readonly placement =
    "createApp's MediaWorkerPool.leastLoaded() + the broadcast room's RoomRouters (pipeToRouter via its serial queue), consumers paused then resumed";
  readonly receivers: Receiver[] = [];
  readonly #platform: PlatformApp;
  readonly #routers: RoomRouters;
  readonly #ingress: Ingress;
  readonly #perSlot: number[];

  readonly #ownsPlatform: boolean;

  private constructor(platform: PlatformApp, routers: RoomRouters, ingress: Ingress, ownsPlatform: boolean) {
    this.#platform = platform;
    this.#routers = routers;
    this.#ingress = ingress;
    this.#ownsPlatform = ownsPlatform;
    this.#perSlot = platform.app.media.slots.map(() => 0);
  }

  static async create(numWorkers: number): Promise<PlatformTopology> {
    const platform = await startPlatform({ workers: numWorkers });
    try {
      return await PlatformTopology.attach(platform, true);
    } catch (error) {
      await platform.close();
      throw error;
    }
  }

  /**
   * The broadcast on a platform that is already running (bench:province's media node); `close()`
   * closes the platform too only when `ownsPlatform` is set.
   */
  static async attach(platform: PlatformApp, ownsPlatform = false): Promise<PlatformTopology> {
    const pool = platform.app.media;
    const routers = new RoomRouters(pool, platform.app.log.child({ module: 'bench-room' }), {
      sessionId: 'bench-fanout',
    });
    const originSlot = pool.leastLoaded().index;
    const ingress = await createIngress(await routers.router(originSlot));
    await routers.addProducer(ingress.audio.id, originSlot);
    await routers.addProducer(ingress.video.id, originSlot);
    return new PlatformTopology(platform, routers, ingress, ownsPlatform);
  }

  get ingressPort(): number {
    return this.#ingress.port;
  }

  workers(): MediasoupTypes.Worker[] {
    return this.#platform.app.media.slots.map((s) => s.worker);
  }

  receiversPerWorker(): number[] {
    return [...this.#perSlot];
  }

  producerPackets(): Promise<number> {
    return ingressPackets(this.#ingress);
  }

  async addReceivers(ports: readonly number[]): Promise<void> {
    const producerIds = [this.#ingress.audio.id, this.#ingress.video.id];
    await inBatches(ports, 32, async (port) => {
      const slot = this.#platform.app.media.leastLoaded();
      // BroadcastRoom counts one per transport and one per consumer; counted before the awaits
      // here so that the 32 receivers created at once spread as if they had arrived one by one.
      slot.load += 1 + producerIds.length;
      this.#perSlot[slot.index]! += 1;
      const router = await this.#routers.router(slot.index);
      for (const id of producerIds) await this.#routers.ensureOn(id, slot.index);
      this.receivers.push(await createReceiver(router, port, producerIds, { pausedThenResumed: true }));
    });
  }

  async close(): Promise<void> {
    this.#routers.close();
    if (this.#ownsPlatform) await this.#platform.close();
  }
}
