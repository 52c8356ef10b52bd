import type { ClusterTimers, TimerKind } from '../../redis/clusterTimers.js';
import type { FloorService } from './FloorService.js';

/** Whether an endpoint is connected to a session now (on any node). */
export type IsConnected = (sessionId: string, endpointId: string) => Promise<boolean>;

/**
 * The raised hand of an endpoint whose last screen left: lowered at once when it left on purpose,
 * or after the grace period when its connection dropped and it has not come back. The grace timer
 * is a cluster timer, so it fires once even when the node the endpoint was on has died.
 */
export class HandGrace {
  readonly #floor: FloorService;
  readonly #isConnected: IsConnected;
  readonly #graceMs: number;
  readonly #timer: TimerKind<{ sessionId: string; endpointId: string }>;

  constructor(options: { timers: ClusterTimers; floor: FloorService; isConnected: IsConnected; graceMs: number }) {
    this.#floor = options.floor;
    this.#isConnected = options.isConnected;
    this.#graceMs = options.graceMs;
    this.#timer = options.timers.define('broadcast.handGrace', ({ sessionId, endpointId }) =>
      this.#lowerUnlessBack(sessionId, endpointId),
    );
  }

  /** The endpoint's last screen left the session. */
  async left(sessionId: string, endpointId: string, reason: 'leave' | 'disconnect'): Promise<void> {
    if (!(await this.#floor.state(sessionId)).queue.some((h) => h.endpointId === endpointId)) return;
    if (reason === 'leave' || this.#graceMs <= 0) {
      await this.#timer.cancel(key(sessionId, endpointId));
      await this.#floor.lowerHandIfRaised(sessionId, endpointId);
      return;
    }
    await this.#timer.schedule(key(sessionId, endpointId), Date.now() + this.#graceMs, { sessionId, endpointId });
  }

  /** The endpoint connected again: its hand stays raised. */
  async back(sessionId: string, endpointId: string): Promise<void> {
    await this.#timer.cancel(key(sessionId, endpointId));
  }

  /** When the grace timer fires (on whichever node): the hand is lowered unless the endpoint is back. */
  async #lowerUnlessBack(sessionId: string, endpointId: string): Promise<void> {
    if (!(await this.#isConnected(sessionId, endpointId))) await this.#floor.lowerHandIfRaised(sessionId, endpointId);
  }
}

const key = (sessionId: string, endpointId: string): string => `${sessionId}|${endpointId}`;
