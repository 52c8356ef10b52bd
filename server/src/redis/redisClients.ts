import { Redis } from 'ioredis';
import type { Logger } from '../logging/logger.js';

/**
 * The Redis connections a node needs: `main` for commands, `adapter` for Socket.IO's Redis Streams
 * adapter (it blocks on XREAD, so it gets its own connection). BullMQ makes its own from the URL.
 */
export interface RedisClients {
  main: Redis;
  adapter: Redis;
  close(): Promise<void>;
}

export async function connectRedis(url: string, log: Logger): Promise<RedisClients> {
  const make = (name: string): Redis => {
    const client = new Redis(url, { lazyConnect: true, connectionName: `diem-cau:${name}`, maxRetriesPerRequest: 3 });
    client.on('error', (error: Error) => log.warn({ err: error.message, connection: name }, 'redis error'));
    return client;
  };
  const main = make('main');
  const adapter = make('adapter');
  await Promise.all([main.connect(), adapter.connect()]);
  return {
    main,
    adapter,
    async close() {
      await Promise.allSettled([main.quit(), adapter.quit()]);
    },
  };
}
