import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/config/config.js';
import { createLogger } from '../../server/src/logging/logger.js';

export interface PlatformApp {
  app: App;
  url: string;
  close(): Promise<void>;
}

/** Redis for the platform under test: REDIS_URL, else the test Redis that `npm test` and bench/run.sh start. */
export function benchRedisUrl(): string {
  return process.env.REDIS_URL ?? 'redis://127.0.0.1:6391';
}

/**
 * The real platform (createApp from server/src/app.ts) listening on 127.0.0.1 port 0, with a fresh
 * data folder (or the one given, shared by several nodes), a random Redis prefix (or the one given
 * in `env`) and its own mediasoup workers. Logs only errors.
 */
export async function startPlatform(options: {
  workers: number;
  env?: Record<string, string>;
  dataDir?: string;
}): Promise<PlatformApp> {
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'diemcau-bench-'));
  const config = loadConfig({
    NODE_ENV: 'production',
    DATA_DIR: dataDir,
    REDIS_URL: benchRedisUrl(),
    REDIS_PREFIX: `bench-${randomUUID().slice(0, 8)}`,
    MEDIASOUP_WORKERS: String(options.workers),
    MEDIASOUP_LOG_LEVEL: 'error',
    RTC_LISTEN_IP: '127.0.0.1',
    RTC_ANNOUNCED_IP: '127.0.0.1',
    // Away from Linux's ephemeral range, where the load processes' sockets live.
    RTC_MIN_PORT: '10000',
    RTC_MAX_PORT: '19999',
    SEED_DEMO: 'false',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'error',
    CLIENT_DIST_DIR: path.join(dataDir, 'no-client'),
    // BENCH_STORE=postgres (bench/run.sh): every node of the run shares that database.
    ...(process.env.BENCH_DATABASE_URL && { DATABASE_URL: process.env.BENCH_DATABASE_URL }),
    ...options.env,
  });
  const app = await createApp(config, { logger: createLogger(config.logLevel) });
  await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
  const port = (app.httpServer.address() as AddressInfo).port;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
