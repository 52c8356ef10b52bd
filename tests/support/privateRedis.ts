import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

const REDIS_SH = path.resolve(import.meta.dirname, '../../infra/redis.sh');

/**
 * A Redis of a test's own (infra/redis.sh, as the platform runs it: AOF on, loopback), which the test
 * may stop and start again on the same port and data folder — never the run's shared REDIS_URL.
 */
export interface PrivateRedis {
  url: string;
  port: number;
  /** `redis.sh stop`: SHUTDOWN NOSAVE (the AOF written so far stays). */
  stop(): void;
  /** `redis.sh start` on the same port and folder; returns once it answers PING. */
  start(): void;
  /** Stops it and deletes its folder. */
  remove(): void;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(process.env.DIEMCAU_TEST_TMP ?? os.tmpdir(), 'private-redis-'));
  const run = (action: 'start' | 'stop') =>
    execFileSync('bash', [REDIS_SH, action, String(port), path.join(dir, 'data')], { stdio: 'ignore' });
  run('start');
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: () => run('stop'),
    start: () => run('start'),
    remove: () => {
      run('stop');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
