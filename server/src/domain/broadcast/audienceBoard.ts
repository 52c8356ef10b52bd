import type { AudienceRow } from '@diem-cau/shared';
import type { Redis } from 'ioredis';

/** What the node serving an endpoint knows of its reception (from the worker's and the client's stats). */
export type ReceptionStats = Pick<
  AudienceRow,
  | 'audioOnly'
  | 'spatialLayer'
  | 'bitrate'
  | 'packetLoss'
  | 'rttMs'
  | 'iceProtocol'
  | 'clientIceState'
  | 'framesPerSecond'
>;

interface BoardEntry {
  nodeId: string;
  at: number;
  stats: ReceptionStats;
}

/**
 * The reception of every endpoint of a live session, whichever node serves it: each node writes the
 * rows of its own endpoints to one Redis hash per session every refresh, and the host's table is built
 * from all of them. A row not refreshed for `staleMs` (its node died, or the endpoint left it) is left
 * out; the hash goes a while after the session's last refresh.
 */
export class AudienceBoard {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #nodeId: string;
  readonly #staleMs: number;

  constructor(options: { redis: Redis; redisPrefix: string; nodeId: string; staleMs: number }) {
    this.#redis = options.redis;
    this.#prefix = options.redisPrefix;
    this.#nodeId = options.nodeId;
    this.#staleMs = options.staleMs;
  }

  async publish(sessionId: string, rows: ReadonlyMap<string, ReceptionStats>, now = Date.now()): Promise<void> {
    if (rows.size === 0) return;
    const key = this.#key(sessionId);
    const fields: string[] = [];
    for (const [endpointId, stats] of rows)
      fields.push(endpointId, JSON.stringify({ nodeId: this.#nodeId, at: now, stats } satisfies BoardEntry));
    await this.#redis
      .multi()
      .hset(key, ...fields)
      .pexpire(key, this.#staleMs * 4)
      .exec();
  }

  /** The freshest row of each endpoint, from any node, not older than `staleMs`. */
  async read(sessionId: string, now = Date.now()): Promise<Map<string, ReceptionStats>> {
    const all = await this.#redis.hgetall(this.#key(sessionId));
    const rows = new Map<string, ReceptionStats>();
    for (const [endpointId, raw] of Object.entries(all)) {
      const entry = parseEntry(raw);
      if (entry && now - entry.at <= this.#staleMs) rows.set(endpointId, entry.stats);
    }
    return rows;
  }

  async drop(sessionId: string): Promise<void> {
    await this.#redis.del(this.#key(sessionId));
  }

  #key(sessionId: string): string {
    return `${this.#prefix}:audience:${sessionId}`;
  }
}

function parseEntry(raw: string): BoardEntry | undefined {
  try {
    const entry = JSON.parse(raw) as BoardEntry;
    return typeof entry.at === 'number' && typeof entry.stats === 'object' && entry.stats !== null ? entry : undefined;
  } catch {
    return undefined;
  }
}
