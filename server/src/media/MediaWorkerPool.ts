import { EventEmitter } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from '../logging/logger.js';
import { mediasoup, type MediasoupTypes } from './mediasoup.js';

export interface WorkerPoolSettings {
  numWorkers: number;
  logLevel: MediasoupTypes.WorkerLogLevel;
  rtcMinPort: number;
  rtcMaxPort: number;
}

/** One slot per core; the worker in a slot is replaced when it dies. */
export interface WorkerSlot {
  readonly index: number;
  worker: MediasoupTypes.Worker;
  /** Consumers placed on this worker; the placement policy picks the smallest. */
  load: number;
}

interface PoolEvents {
  /** A worker died; its routers and everything on them are gone. Listeners move their sessions. */
  workerDied: [slot: WorkerSlot, deadWorker: MediasoupTypes.Worker];
  /** The slot has a fresh worker again. */
  workerReplaced: [slot: WorkerSlot];
}

/**
 * The mediasoup workers of this node: one per CPU core, each replaced if its process dies, so the
 * server never needs a restart for a crashed worker.
 */
export class MediaWorkerPool extends EventEmitter<PoolEvents> {
  readonly #settings: WorkerPoolSettings;
  readonly #log: Logger;
  readonly #slots: WorkerSlot[] = [];
  #closed = false;

  constructor(settings: WorkerPoolSettings, log: Logger) {
    super();
    this.#settings = settings;
    this.#log = log;
  }

  async start(): Promise<void> {
    for (let index = 0; index < this.#settings.numWorkers; index++) {
      const worker = await this.#spawn(index);
      const slot: WorkerSlot = { index, worker, load: 0 };
      this.#slots.push(slot);
      this.#watch(slot);
    }
    this.#log.info({ workers: this.#slots.length }, 'mediasoup workers started');
  }

  get slots(): readonly WorkerSlot[] {
    return this.#slots;
  }

  /** The slot with the fewest consumers (ties → lowest index). */
  leastLoaded(): WorkerSlot {
    const alive = this.#slots.filter((s) => !s.worker.closed);
    const pick = alive.reduce<WorkerSlot | undefined>((best, s) => (!best || s.load < best.load ? s : best), undefined);
    if (!pick) throw new Error('no live mediasoup worker');
    return pick;
  }

  /** True when every worker process is alive and answers a request within `timeoutMs`. */
  async allAlive(timeoutMs = 1000): Promise<{ alive: number; total: number }> {
    const answers = await Promise.all(
      this.#slots.map(async (slot) => {
        if (slot.worker.closed) return false;
        const usage = slot.worker.getResourceUsage().then(
          () => true,
          () => false,
        );
        return Promise.race([usage, delay(timeoutMs).then(() => false)]);
      }),
    );
    return { alive: answers.filter(Boolean).length, total: this.#slots.length };
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const slot of this.#slots) slot.worker.close();
  }

  async #spawn(index: number): Promise<MediasoupTypes.Worker> {
    const s = this.#settings;
    const worker = await mediasoup.createWorker({
      logLevel: s.logLevel,
      logTags: ['info', 'ice', 'dtls', 'rtp', 'srtp', 'rtcp', 'simulcast'],
      rtcMinPort: s.rtcMinPort,
      rtcMaxPort: s.rtcMaxPort,
      appData: { slot: index },
    });
    this.#log.debug({ slot: index, pid: worker.pid }, 'mediasoup worker spawned');
    return worker;
  }

  #watch(slot: WorkerSlot): void {
    const worker = slot.worker;
    worker.on('died', (error: Error) => {
      if (this.#closed) return;
      this.#log.error({ slot: slot.index, pid: worker.pid, err: error.message }, 'mediasoup worker died; replacing it');
      slot.load = 0;
      this.emit('workerDied', slot, worker);
      void this.#replace(slot);
    });
  }

  async #replace(slot: WorkerSlot): Promise<void> {
    for (let attempt = 0; !this.#closed; attempt++) {
      try {
        slot.worker = await this.#spawn(slot.index);
        if (this.#closed) {
          slot.worker.close();
          return;
        }
        this.#watch(slot);
        this.#log.info({ slot: slot.index, pid: slot.worker.pid }, 'mediasoup worker replaced');
        this.emit('workerReplaced', slot);
        return;
      } catch (error) {
        this.#log.error(
          { slot: slot.index, attempt, err: (error as Error).message },
          'could not respawn mediasoup worker',
        );
        await delay(Math.min(5000, 250 * 2 ** attempt));
      }
    }
  }
}
