import type { Redis } from 'ioredis';
import type { Logger } from '../../logging/logger.js';
import { LuaScript } from '../../redis/luaScript.js';

/** One endpoint connected to a session: its sockets (on any node) and since when it is connected. */
export interface PresentEndpoint {
  endpointId: string;
  name: string;
  since: number;
  sockets: Set<string>;
  /** The nodes its sockets are connected to. */
  nodes: Set<string>;
}

/** What the cluster's liveness leases tell (ctx.node). */
export interface NodeLeases {
  id: string;
  leaseKey: string;
  alive(): Promise<string[]>;
}

/** How often each node looks for the presence left by nodes whose lease ran out. */
export const PRESENCE_SWEEP_MS = 2_000;
const TTL_SECONDS = 2 * 24 * 3600;

/**
 * Takes a socket out of an endpoint's presence, with any socket of a node whose lease ran out, and
 * tells whether that was the endpoint's last (1) — answered once, to the caller whose removal did it.
 * KEYS: the endpoint's sockets (hash socket → node|since), the session's endpoints (hash id → name),
 * the node leases. ARGV: socket id, endpoint id, now.
 */
const LEAVE = new LuaScript(
  `if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then return 0 end
local all = redis.call('HGETALL', KEYS[1])
local live = 0
for i = 1, #all, 2 do
  local node = string.match(all[i + 1], '^(.*)|%d+$')
  local leased = node and redis.call('ZSCORE', KEYS[3], node)
  if leased and tonumber(leased) >= tonumber(ARGV[3]) then live = live + 1 else redis.call('HDEL', KEYS[1], all[i]) end
end
if live > 0 then return 0 end
redis.call('HDEL', KEYS[2], ARGV[2])
return 1`,
  3,
);

/**
 * Which endpoints are connected to each live session, across the nodes, in Redis: per session the
 * endpoints' names, per endpoint its sockets with the node each is on (an endpoint may have several
 * screens; it is connected while one of them is). A socket of a node whose lease ran out counts as
 * gone: reads skip it, and every node sweeps such sockets away, calling `onGone` once for an
 * endpoint whose last socket that was — as a leave on that node would have.
 */
export class ClusterPresence {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #node: NodeLeases;
  readonly #log: Logger;
  readonly #onGone: (sessionId: string, endpointId: string) => Promise<void>;
  #timer: NodeJS.Timeout | undefined;
  #sweeping: Promise<void> | undefined;

  constructor(options: {
    redis: Redis;
    redisPrefix: string;
    node: NodeLeases;
    log: Logger;
    onGone: (sessionId: string, endpointId: string) => Promise<void>;
  }) {
    this.#redis = options.redis;
    this.#prefix = `${options.redisPrefix}:presence`;
    this.#node = options.node;
    this.#log = options.log;
    this.#onGone = options.onGone;
  }

  start(): void {
    this.#timer ??= setInterval(() => {
      this.#sweeping ??= this.sweep()
        .catch((err: unknown) => this.#log.warn({ err }, 'presence sweep failed'))
        .finally(() => (this.#sweeping = undefined));
    }, PRESENCE_SWEEP_MS);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#sweeping;
  }

  async join(sessionId: string, endpointId: string, name: string, socketId: string, now = Date.now()): Promise<void> {
    const k = this.#keys(sessionId, endpointId);
    await this.#redis
      .multi()
      .hset(k.endpoints, endpointId, name)
      .hset(k.sockets, socketId, `${this.#node.id}|${now}`)
      .sadd(k.ofNode, `${sessionId}|${endpointId}|${socketId}`)
      .expire(k.endpoints, TTL_SECONDS)
      .expire(k.sockets, TTL_SECONDS)
      .expire(k.ofNode, TTL_SECONDS)
      .exec();
  }

  /** Returns true when this was the endpoint's last socket (on any live node). */
  async leave(sessionId: string, endpointId: string, socketId: string): Promise<boolean> {
    const k = this.#keys(sessionId, endpointId);
    const last = await LEAVE.run(
      this.#redis,
      [k.sockets, k.endpoints, this.#node.leaseKey],
      [socketId, endpointId, Date.now()],
    );
    await this.#redis.srem(k.ofNode, `${sessionId}|${endpointId}|${socketId}`);
    return last === 1;
  }

  async get(sessionId: string, endpointId: string): Promise<PresentEndpoint | undefined> {
    const k = this.#keys(sessionId, endpointId);
    const [alive, name, sockets] = await Promise.all([
      this.#node.alive(),
      this.#redis.hget(k.endpoints, endpointId),
      this.#redis.hgetall(k.sockets),
    ]);
    return name === null ? undefined : present(endpointId, name, sockets, new Set(alive));
  }

  async list(sessionId: string): Promise<PresentEndpoint[]> {
    const [alive, names] = await Promise.all([
      this.#node.alive(),
      this.#redis.hgetall(this.#keys(sessionId, '').endpoints),
    ]);
    const ids = Object.keys(names);
    const pipeline = this.#redis.pipeline();
    for (const id of ids) pipeline.hgetall(this.#keys(sessionId, id).sockets);
    const replies = (await pipeline.exec()) ?? [];
    const live = new Set(alive);
    return ids.flatMap((id, i) => {
      const sockets = (replies[i]?.[1] ?? {}) as Record<string, string>;
      const entry = present(id, names[id]!, sockets, live);
      return entry ? [entry] : [];
    });
  }

  /** The session ended: its presence is dropped. */
  async clear(sessionId: string): Promise<void> {
    const k = this.#keys(sessionId, '');
    const ids = await this.#redis.hkeys(k.endpoints);
    await this.#redis.del(k.endpoints, ...ids.map((id) => this.#keys(sessionId, id).sockets));
  }

  /**
   * Takes away the sockets of nodes whose lease ran out (their leases are kept a while after they
   * run out, see NodeLease), calling `onGone` for each endpoint that has none left.
   */
  async sweep(now = Date.now()): Promise<void> {
    const dead = await this.#redis.zrangebyscore(this.#node.leaseKey, '-inf', `(${now}`);
    for (const nodeId of dead) {
      const ofNode = `${this.#prefix}:node:${nodeId}`;
      for (const entry of await this.#redis.smembers(ofNode)) {
        const [sessionId = '', endpointId = '', socketId = ''] = entry.split('|');
        if (await this.leave(sessionId, endpointId, socketId)) await this.#onGone(sessionId, endpointId);
        await this.#redis.srem(ofNode, entry);
      }
    }
  }

  #keys(sessionId: string, endpointId: string) {
    const session = `${this.#prefix}:${sessionId}`;
    return {
      endpoints: `${session}:endpoints`,
      sockets: `${session}:e:${endpointId}`,
      ofNode: `${this.#prefix}:node:${this.#node.id}`,
    };
  }
}

/** The endpoint's entry from its sockets of live nodes, or undefined when none is left. */
function present(
  endpointId: string,
  name: string,
  sockets: Record<string, string>,
  alive: Set<string>,
): PresentEndpoint | undefined {
  const entry: PresentEndpoint = { endpointId, name, since: Infinity, sockets: new Set(), nodes: new Set() };
  for (const [socketId, value] of Object.entries(sockets)) {
    const cut = value.lastIndexOf('|');
    const node = value.slice(0, cut);
    if (!alive.has(node)) continue;
    entry.sockets.add(socketId);
    entry.nodes.add(node);
    entry.since = Math.min(entry.since, Number(value.slice(cut + 1)));
  }
  return entry.sockets.size > 0 ? entry : undefined;
}
