import { producerInfoSchema, type ProducerInfo } from '@diem-cau/shared';
import type { Redis } from 'ioredis';
import { z } from 'zod';

/** A producer published on some node of the cluster. */
export interface DirectoryEntry {
  nodeId: string;
  info: ProducerInfo;
}

const entrySchema = z.object({ nodeId: z.string(), info: producerInfoSchema });

/** A live session's directory outlives nobody: dropped when the session ends, or a day after its last change. */
const DIRECTORY_TTL_SECONDS = 24 * 3600;

/**
 * Which node publishes each producer of a live session, in Redis (one hash per session), so a node
 * whose receivers want a producer knows where to pipe it from. Entries of a node whose lease ran out
 * are left out of `list` and removed.
 */
export class ProducerDirectory {
  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(redis: Redis, redisPrefix: string) {
    this.#redis = redis;
    this.#prefix = redisPrefix;
  }

  async put(sessionId: string, nodeId: string, info: ProducerInfo): Promise<void> {
    const key = this.#key(sessionId);
    await this.#redis
      .multi()
      .hset(key, info.producerId, JSON.stringify({ nodeId, info }))
      .expire(key, DIRECTORY_TTL_SECONDS)
      .exec();
  }

  async remove(sessionId: string, producerId: string): Promise<void> {
    await this.#redis.hdel(this.#key(sessionId), producerId);
  }

  async get(sessionId: string, producerId: string): Promise<DirectoryEntry | undefined> {
    const raw = await this.#redis.hget(this.#key(sessionId), producerId);
    return raw === null ? undefined : parse(raw);
  }

  /** Every producer of the session on a node in `alive`; entries of other nodes are removed. */
  async list(sessionId: string, alive: ReadonlySet<string>): Promise<DirectoryEntry[]> {
    const all = await this.#redis.hgetall(this.#key(sessionId));
    const entries: DirectoryEntry[] = [];
    const gone: string[] = [];
    for (const [producerId, raw] of Object.entries(all)) {
      const entry = parse(raw);
      if (entry && alive.has(entry.nodeId)) entries.push(entry);
      else gone.push(producerId);
    }
    if (gone.length > 0) await this.#redis.hdel(this.#key(sessionId), ...gone);
    return entries;
  }

  async drop(sessionId: string): Promise<void> {
    await this.#redis.del(this.#key(sessionId));
  }

  #key(sessionId: string): string {
    return `${this.#prefix}:media:producers:${sessionId}`;
  }
}

function parse(raw: string): DirectoryEntry | undefined {
  try {
    const parsed = entrySchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
