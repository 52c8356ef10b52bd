import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../logging/logger.js';
import { LuaScript } from './luaScript.js';

/** How often each node looks for due timers. */
export const TIMER_POLL_MS = 250;
/** A timer being run by a live node is looked at again this often (it re-runs only if that node dies). */
export const TIMER_CLAIM_RECHECK_MS = 2_000;
/** A handler that throws is run again after attempt × this, at most TIMER_MAX_ATTEMPTS times in all. */
export const TIMER_RETRY_MS = 1_000;
export const TIMER_MAX_ATTEMPTS = 5;
const BATCH = 100;

/**
 * Claims the due timers for this node, atomically (only one node's claim of a timer succeeds). A
 * timer claimed by a node whose lease is still valid is left to it; one claimed by a node whose
 * lease ran out (it died while running it) is claimed again. Returns [member, token, data, …].
 * KEYS: due (zset), data (hash), claims (hash), node leases (zset). ARGV: now, recheck ms, batch, node id, poll id.
 */
const CLAIM = new LuaScript(
  `local now = tonumber(ARGV[1])
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[3]))
local out = {}
for i, member in ipairs(due) do
  local data = redis.call('HGET', KEYS[2], member)
  if not data then
    redis.call('ZREM', KEYS[1], member)
    redis.call('HDEL', KEYS[3], member)
  else
    local claim = redis.call('HGET', KEYS[3], member)
    local owner = claim and string.match(claim, '^([^|]*)|')
    local leased = owner and redis.call('ZSCORE', KEYS[4], owner)
    redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), member)
    if not (leased and tonumber(leased) >= now) then
      local token = ARGV[4] .. '|' .. ARGV[5] .. '|' .. i
      redis.call('HSET', KEYS[3], member, token)
      table.insert(out, member)
      table.insert(out, token)
      table.insert(out, data)
    end
  end
end
return out`,
  4,
);

/** Deletes a timer that ran, unless it was rescheduled or cancelled meanwhile (its claim is gone then). */
const COMPLETE = new LuaScript(
  `if redis.call('HGET', KEYS[3], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
return 1`,
  3,
);

/** Gives a claimed timer back, due again at ARGV[3] with data ARGV[4] (a retry), unless rescheduled meanwhile. */
const RELEASE = new LuaScript(
  `if redis.call('HGET', KEYS[3], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('ZADD', KEYS[1], tonumber(ARGV[3]), ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[4])
redis.call('HDEL', KEYS[3], ARGV[1])
return 1`,
  3,
);

/** A kind of timer, defined once at start-up by the domain that owns it. */
export interface TimerKind<P extends object> {
  /** Sets the timer `key` of this kind to fire at `dueMs` with `payload` (replacing one set before). */
  schedule(key: string, dueMs: number, payload: P): Promise<void>;
  cancel(key: string): Promise<void>;
  /** When the timer `key` is due, or null when none is set (for tests and diagnostics). */
  dueAt(key: string): Promise<number | null>;
}

interface StoredTimer {
  /** The kind's name. */
  n: string;
  /** The payload. */
  p: object;
  /** Attempts that failed so far. */
  a: number;
}

type Handler = (payload: object) => Promise<void>;

/**
 * Timers shared by the nodes of a cluster, kept in Redis: a sorted set of timers by due time and
 * their payloads. Every node polls for due timers and claims them atomically, so each fires once
 * across the cluster — also when the node that set it has died. The claim names the running node;
 * if that node dies before finishing (its lease runs out) another node runs the timer again, so a
 * handler must be idempotent (it reads the state it acts on, as the store holds it then).
 */
export class ClusterTimers {
  readonly #redis: Redis;
  readonly #keys: { due: string; data: string; claims: string; nodes: string };
  readonly #nodeId: string;
  readonly #log: Logger;
  readonly #pollMs: number;
  readonly #handlers = new Map<string, Handler>();
  readonly #running = new Set<Promise<void>>();
  /** Completions and give-backs that failed (Redis unreachable), tried again at the next poll. */
  #unfinished: (() => Promise<unknown>)[] = [];
  #timer: NodeJS.Timeout | undefined;
  #polling = false;
  #stopped = false;
  #down = false;

  constructor(options: {
    redis: Redis;
    redisPrefix: string;
    node: { id: string; leaseKey: string };
    log: Logger;
    pollMs?: number;
  }) {
    this.#redis = options.redis;
    const p = `${options.redisPrefix}:timers`;
    this.#keys = { due: `${p}:due`, data: `${p}:data`, claims: `${p}:claims`, nodes: options.node.leaseKey };
    this.#nodeId = options.node.id;
    this.#log = options.log;
    this.#pollMs = options.pollMs ?? TIMER_POLL_MS;
  }

  /** Defines a kind of timer and the handler that runs it; every node defines the same kinds at start-up. */
  define<P extends object>(name: string, handler: (payload: P) => Promise<void>): TimerKind<P> {
    if (name.includes('|')) throw new Error(`timer kind ${name}: no '|' in names`);
    if (this.#handlers.has(name)) throw new Error(`timer kind ${name} is defined twice`);
    this.#handlers.set(name, handler as Handler);
    const member = (key: string): string => `${name}|${key}`;
    return {
      schedule: async (key, dueMs, payload) => {
        const data: StoredTimer = { n: name, p: payload, a: 0 };
        await this.#redis
          .multi()
          .zadd(this.#keys.due, Math.round(dueMs), member(key))
          .hset(this.#keys.data, member(key), JSON.stringify(data))
          .hdel(this.#keys.claims, member(key))
          .exec();
      },
      cancel: async (key) => {
        await this.#redis
          .multi()
          .zrem(this.#keys.due, member(key))
          .hdel(this.#keys.data, member(key))
          .hdel(this.#keys.claims, member(key))
          .exec();
      },
      dueAt: async (key) => {
        const [score, data] = await Promise.all([
          this.#redis.zscore(this.#keys.due, member(key)),
          this.#redis.hexists(this.#keys.data, member(key)),
        ]);
        return score !== null && data === 1 ? Number(score) : null;
      },
    };
  }

  start(): void {
    if (this.#timer || this.#stopped) return;
    this.#timer = setInterval(() => void this.#poll(), this.#pollMs);
    this.#timer.unref();
  }

  /** Stops polling and waits for the handlers running here; the timers stay in Redis for the other nodes. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    this.#timer = undefined;
    await Promise.allSettled([...this.#running]);
  }

  async #poll(): Promise<void> {
    if (this.#polling || this.#stopped) return;
    this.#polling = true;
    try {
      await this.#finishUnfinished();
      const claimed = (await CLAIM.run(
        this.#redis,
        [this.#keys.due, this.#keys.data, this.#keys.claims, this.#keys.nodes],
        [Date.now(), TIMER_CLAIM_RECHECK_MS, BATCH, this.#nodeId, randomBytes(4).toString('hex')],
      )) as string[];
      if (this.#down) this.#log.info('cluster timers reach redis again');
      this.#down = false;
      for (let i = 0; i + 2 < claimed.length; i += 3) {
        const run = this.#run(claimed[i]!, claimed[i + 1]!, claimed[i + 2]!)
          .catch((err: unknown) => this.#log.error({ err, timer: claimed[i] }, 'timer could not be run'))
          .finally(() => this.#running.delete(run));
        this.#running.add(run);
      }
    } catch (err) {
      // Logged once per outage: a poll every 250 ms would flood the log.
      if (!this.#down) this.#log.warn({ err }, 'cluster timers cannot reach redis; retrying');
      this.#down = true;
    } finally {
      this.#polling = false;
    }
  }

  async #run(member: string, token: string, raw: string): Promise<void> {
    const stored = JSON.parse(raw) as StoredTimer;
    const handler = this.#handlers.get(stored.n);
    const log = this.#log.child({ timer: member });
    if (!handler) {
      // Defined by a newer node (a rolling upgrade): left to the nodes that know it.
      log.warn('timer of an unknown kind; left to the other nodes');
      await this.#release(member, token, Date.now() + TIMER_CLAIM_RECHECK_MS, raw);
      return;
    }
    try {
      await handler(stored.p);
    } catch (err) {
      const attempts = stored.a + 1;
      if (attempts < TIMER_MAX_ATTEMPTS) {
        log.warn({ err, attempts }, 'timer handler failed; will run again');
        const again: StoredTimer = { ...stored, a: attempts };
        await this.#release(member, token, Date.now() + attempts * TIMER_RETRY_MS, JSON.stringify(again));
        return;
      }
      log.error({ err, attempts }, 'timer handler failed; given up');
    }
    await this.#complete(member, token);
  }

  /** The timer ran: deleted (unless set again meanwhile). */
  #complete(member: string, token: string): Promise<void> {
    const keys = [this.#keys.due, this.#keys.data, this.#keys.claims];
    return this.#untilDone(() => COMPLETE.run(this.#redis, keys, [member, token]));
  }

  /** The timer goes back to the queue, due at `dueMs` (unless set again meanwhile). */
  #release(member: string, token: string, dueMs: number, data: string): Promise<void> {
    const keys = [this.#keys.due, this.#keys.data, this.#keys.claims];
    return this.#untilDone(() => RELEASE.run(this.#redis, keys, [member, token, dueMs, data]));
  }

  /**
   * Runs `step` now, or at the next polls until Redis takes it: until then the claim stays this
   * node's, so no other node runs the timer while this one lives.
   */
  async #untilDone(step: () => Promise<unknown>): Promise<void> {
    try {
      await step();
    } catch {
      this.#unfinished.push(step);
    }
  }

  async #finishUnfinished(): Promise<void> {
    const pending = this.#unfinished;
    this.#unfinished = [];
    for (const step of pending) await this.#untilDone(step);
  }
}
