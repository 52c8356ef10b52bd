import type { Logger } from '../../logging/logger.js';
import { BroadcastRoom } from '../../media/BroadcastRoom.js';
import type { MediaWorkerPool } from '../../media/MediaWorkerPool.js';
import type { TransportSettings } from '../../media/transportSettings.js';
import { broadcastErrors } from './errors.js';

/**
 * The live sessions' media rooms on this node. A room is created once per live session (concurrent
 * requests share the creation, like mediasoup-demo's Room) and closed when the session ends.
 */
export class RoomRegistry {
  readonly #rooms = new Map<string, BroadcastRoom>();
  readonly #creating = new Map<string, Promise<BroadcastRoom>>();
  readonly #pool: MediaWorkerPool;
  readonly #settings: TransportSettings;
  readonly #log: Logger;
  readonly #isLive: (sessionId: string) => Promise<boolean>;
  readonly #onCreated: (room: BroadcastRoom) => void;

  constructor(options: {
    pool: MediaWorkerPool;
    settings: TransportSettings;
    log: Logger;
    isLive: (sessionId: string) => Promise<boolean>;
    onCreated: (room: BroadcastRoom) => void;
  }) {
    this.#pool = options.pool;
    this.#settings = options.settings;
    this.#log = options.log;
    this.#isLive = options.isLive;
    this.#onCreated = options.onCreated;
  }

  existing(sessionId: string): BroadcastRoom | undefined {
    const room = this.#rooms.get(sessionId);
    return room && !room.closed ? room : undefined;
  }

  all(): BroadcastRoom[] {
    return [...this.#rooms.values()];
  }

  /** The session's room; CONFLICT when the session is not live. */
  get(sessionId: string): Promise<BroadcastRoom> {
    const room = this.existing(sessionId);
    if (room) return Promise.resolve(room);
    let pending = this.#creating.get(sessionId);
    if (!pending) {
      pending = this.#create(sessionId).finally(() => this.#creating.delete(sessionId));
      this.#creating.set(sessionId, pending);
    }
    return pending;
  }

  close(sessionId: string): void {
    const room = this.#rooms.get(sessionId);
    if (!room) return;
    this.#rooms.delete(sessionId);
    room.close();
    this.#log.info({ sessionId }, 'broadcast room closed');
  }

  closeAll(): void {
    for (const sessionId of [...this.#rooms.keys()]) this.close(sessionId);
  }

  async #create(sessionId: string): Promise<BroadcastRoom> {
    if (!(await this.#isLive(sessionId))) throw broadcastErrors.sessionNotLive();
    const room = new BroadcastRoom(sessionId, this.#pool, this.#settings, this.#log.child({ sessionId }));
    await room.rtpCapabilities(); // the origin router exists from the start
    this.#rooms.set(sessionId, room);
    this.#onCreated(room);
    this.#log.info({ sessionId, originSlot: room.originSlot }, 'broadcast room opened');
    return room;
  }
}
