import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Redis } from 'ioredis';
import type { Logger } from '../logging/logger.js';

/** How long a node counts as alive after its last renewal, and how often it renews. */
export const NODE_LEASE_MS = 6_000;
export const NODE_RENEW_MS = 2_000;

/**
 * This node's identity in the cluster and its liveness lease in Redis: a sorted set of node ids
 * scored by the time their lease runs out. A node renews its lease every NODE_RENEW_MS; one that has
 * not renewed for NODE_LEASE_MS is dead to every other node (killed, frozen or cut from Redis), so
 * what it owned (presence, producers, timers) can be taken over — by lease, not by guessing.
 */
export class NodeLease {
  readonly id: string;
  readonly #redis: Redis;
  readonly #key: string;
  readonly #log: Logger;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(options: { redis: Redis; redisPrefix: string; log: Logger; name?: string }) {
    this.#redis = options.redis;
    this.#key = `${options.redisPrefix}:nodes`;
    this.#log = options.log;
    // Unique per process start: a restarted node is a new node (its old lease must run out).
    this.id = `${options.name ?? os.hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  }

  /** The sorted set of leases (node id → when its lease runs out), for Lua scripts that check a lease atomically. */
  get leaseKey(): string {
    return this.#key;
  }

  /** Takes the lease (Redis must be reachable) and keeps renewing it until `stop`. */
  async start(): Promise<void> {
    await this.#renew();
    this.#timer = setInterval(() => {
      this.#renew().catch((err: unknown) => this.#log.warn({ err }, 'could not renew the node lease'));
    }, NODE_RENEW_MS);
    this.#timer.unref();
  }

  /** Gives the lease up at once (a clean shutdown: the others need not wait for it to run out). */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    await this.#redis.zrem(this.#key, this.id).catch(() => undefined);
  }

  /** The ids of every node whose lease has not run out, this one included. */
  async alive(): Promise<string[]> {
    return this.#redis.zrangebyscore(this.#key, Date.now(), '+inf');
  }

  async isAlive(nodeId: string): Promise<boolean> {
    const until = await this.#redis.zscore(this.#key, nodeId);
    return until !== null && Number(until) >= Date.now();
  }

  async #renew(): Promise<void> {
    if (this.#stopped) return;
    const now = Date.now();
    // Renew, and forget leases long run out (a dead node's id is never reused).
    await this.#redis
      .multi()
      .zadd(this.#key, now + NODE_LEASE_MS, this.id)
      .zremrangebyscore(this.#key, '-inf', now - 10 * NODE_LEASE_MS)
      .exec();
  }
}
