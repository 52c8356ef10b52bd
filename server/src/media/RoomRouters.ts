import { EventEmitter } from 'node:events';
import type { Logger } from '../logging/logger.js';
import { ROUTER_MEDIA_CODECS } from './codecs.js';
import type { MediasoupTypes } from './mediasoup.js';
import type { MediaWorkerPool } from './MediaWorkerPool.js';
import { SerialQueue } from './SerialQueue.js';

interface RouterEntry {
  router: MediasoupTypes.Router;
  worker: MediasoupTypes.Worker;
}

interface MirroredProducer {
  /** Slot of the router the producer was created on. */
  slot: number;
  /** Slots whose router holds a pipe producer of it. */
  pipedTo: Set<number>;
}

interface RoomRoutersEvents {
  /** The router of a slot closed (its worker died, or the room closed). */
  routerClosed: [slot: number];
}

/**
 * One router per worker slot for one room, created on demand. Every registered producer is piped
 * (`pipeToRouter`) from its own router to each other router of the room, so a receiver on any
 * worker can consume it. All changes run through one queue, so a router created while a producer
 * is being added still ends up with that producer.
 */
export class RoomRouters extends EventEmitter<RoomRoutersEvents> {
  readonly #pool: MediaWorkerPool;
  readonly #log: Logger;
  readonly #appData: Record<string, unknown>;
  readonly #entries = new Map<number, RouterEntry>();
  readonly #producers = new Map<string, MirroredProducer>();
  readonly #queue = new SerialQueue();
  #closed = false;

  constructor(pool: MediaWorkerPool, log: Logger, appData: Record<string, unknown>) {
    super();
    this.#pool = pool;
    this.#log = log;
    this.#appData = appData;
  }

  /** The slot's router, created (and given every producer of the room) when missing. */
  router(slot: number): Promise<MediasoupTypes.Router> {
    return this.#queue.push(async () => {
      const existing = this.#live(slot);
      if (existing) return existing.router;
      return (await this.#create(slot)).router;
    });
  }

  /** The slot's router if it exists now. */
  existing(slot: number): MediasoupTypes.Router | undefined {
    return this.#live(slot)?.router;
  }

  /** Slots that currently have a router. */
  slots(): number[] {
    return [...this.#entries.keys()].filter((slot) => this.#live(slot));
  }

  /** Mirrors a producer created on `slot`'s router to every other router of the room. */
  addProducer(producerId: string, slot: number): Promise<void> {
    return this.#queue.push(async () => {
      const mirrored: MirroredProducer = { slot, pipedTo: new Set() };
      this.#producers.set(producerId, mirrored);
      for (const target of this.#entries.keys()) {
        if (target !== slot) await this.#pipe(producerId, mirrored, target);
      }
    });
  }

  removeProducer(producerId: string): void {
    this.#producers.delete(producerId);
  }

  /** Resolves once `producerId` can be consumed on `slot`'s router (piping it if needed). */
  ensureOn(producerId: string, slot: number): Promise<void> {
    return this.#queue.push(async () => {
      const mirrored = this.#producers.get(producerId);
      if (!mirrored) throw new Error(`producer ${producerId} is not registered`);
      if (mirrored.slot === slot || mirrored.pipedTo.has(slot)) return;
      if (!this.#live(slot)) await this.#create(slot);
      if (!mirrored.pipedTo.has(slot)) await this.#pipe(producerId, mirrored, slot);
    });
  }

  close(): void {
    this.#closed = true;
    for (const { router } of this.#entries.values()) router.close();
    this.#entries.clear();
    this.#producers.clear();
  }

  #live(slot: number): RouterEntry | undefined {
    const entry = this.#entries.get(slot);
    return entry && !entry.router.closed ? entry : undefined;
  }

  async #create(slot: number): Promise<RouterEntry> {
    if (this.#closed) throw new Error('room closed');
    const poolSlot = this.#pool.slots[slot];
    if (!poolSlot || poolSlot.worker.closed) throw new Error(`worker slot ${slot} is not available`);
    const worker = poolSlot.worker;
    const router = await worker.createRouter({ mediaCodecs: ROUTER_MEDIA_CODECS, appData: { ...this.#appData, slot } });
    const entry: RouterEntry = { router, worker };
    this.#entries.set(slot, entry);
    router.observer.once('close', () => {
      if (this.#entries.get(slot) === entry) this.#entries.delete(slot);
      for (const mirrored of this.#producers.values()) mirrored.pipedTo.delete(slot);
      for (const [id, mirrored] of this.#producers) if (mirrored.slot === slot) this.#producers.delete(id);
      this.#log.debug({ slot, routerId: router.id }, 'router closed');
      if (!this.#closed) this.emit('routerClosed', slot);
    });
    this.#log.debug({ slot, routerId: router.id, pid: worker.pid }, 'router created');
    for (const [producerId, mirrored] of this.#producers) {
      if (mirrored.slot !== slot) await this.#pipe(producerId, mirrored, slot);
    }
    return entry;
  }

  async #pipe(producerId: string, mirrored: MirroredProducer, target: number): Promise<void> {
    const source = this.#live(mirrored.slot);
    const destination = this.#live(target);
    if (!source || !destination) return;
    try {
      await source.router.pipeToRouter({ producerId, router: destination.router });
      mirrored.pipedTo.add(target);
    } catch (error) {
      // The producer closed meanwhile, or a worker died mid-way; the close handlers clean up.
      this.#log.warn(
        { producerId, from: mirrored.slot, to: target, err: (error as Error).message },
        'pipeToRouter failed',
      );
    }
  }
}
