import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../logging/logger.js';

/**
 * The Redis connections a node needs: `main` for commands, `adapter` for Socket.IO's Redis Streams
 * adapter (it blocks on XREAD, so it gets its own connection), `lease` for the node's liveness lease
 * only (redis/nodeLease.ts): a renewal never waits in line behind a hall's worth of commands on
 * `main`. BullMQ makes its own from the URL.
 */
export interface RedisClients {
  main: Redis;
  adapter: Redis;
  lease: Redis;
  close(): Promise<void>;
}

/** A command on a live connection that has no answer by then fails (a hung Redis, not a stopped one). */
export const REDIS_COMMAND_TIMEOUT_MS = 2_000;

/** Reconnect quickly after a restart; a stopped Redis costs one refused connection per half second. */
export const redisRetryStrategy = (attempt: number): number => Math.min(attempt * 50, 500);

/**
 * While Redis is down, nothing waits for it without bound:
 * - `main` (limits, revocations, check-in counters, /healthz) has no offline queue, so a command fails
 *   at once and the request answers UNAVAILABLE (errors/unavailable.ts) or takes its deliberate
 *   fallback; a command already sent fails when the connection drops or after REDIS_COMMAND_TIMEOUT_MS.
 * - `adapter` keeps its offline queue (the Streams adapter reads through duplicates of it, and a read
 *   that failed at once would spin) but retries nothing: a queued publish fails at the next reconnect
 *   attempt, at most half a second later, and the adapter then delivers the push to this node's
 *   sockets. Pushes to other nodes are lost until Redis is back.
 */
const MAIN: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
};
const OPTIONS: Record<'main' | 'adapter' | 'lease', RedisOptions> = {
  main: MAIN,
  adapter: { maxRetriesPerRequest: 0 },
  lease: MAIN,
};

export async function connectRedis(url: string, log: Logger): Promise<RedisClients> {
  const make = (name: 'main' | 'adapter' | 'lease'): Redis => {
    const client = new Redis(url, {
      lazyConnect: true,
      connectionName: `diem-cau:${name}`,
      retryStrategy: redisRetryStrategy,
      ...OPTIONS[name],
    });
    // Logged once per outage (a retry every half second would flood the log), and its end.
    let down = false;
    client.on('error', (error: Error) => {
      if (!down) log.warn({ err: error.message, connection: name }, 'redis unreachable; retrying');
      down = true;
    });
    client.on('ready', () => {
      if (down) log.info({ connection: name }, 'redis reachable again');
      down = false;
    });
    return client;
  };
  const main = make('main');
  const adapter = make('adapter');
  const lease = make('lease');
  await Promise.all([main.connect(), adapter.connect(), lease.connect()]);
  return {
    main,
    adapter,
    lease,
    async close() {
      await Promise.allSettled([main.quit(), adapter.quit(), lease.quit()]);
    },
  };
}
