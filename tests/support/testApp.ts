import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App } from '@diem-cau/server/src/app.js';
import { loadConfig, type Config } from '@diem-cau/server/src/config/config.js';
import { createLogger } from '@diem-cau/server/src/logging/logger.js';
import { releaseTestStore, withTestStore } from './testStore.js';

export interface TestApp {
  app: App;
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Starts the real app on 127.0.0.1 port 0 with a fresh data folder, the test run's Redis
 * (REDIS_URL, started by infra/test.sh), its store (SQLite, or PostgreSQL with TEST_STORE=postgres:
 * support/testStore.ts) and real mediasoup workers. `listenHost: '0.0.0.0'` listens
 * on every address, as `npm start` does (clients in a field link's namespace reach it there); `url`
 * stays the loopback one.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  options: { listenHost?: string } = {},
): Promise<TestApp> {
  const dataDir = mkdtempSync(path.join(process.env.DIEMCAU_TEST_TMP ?? os.tmpdir(), 'app-'));
  const fullEnv = await withTestStore({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6391',
    MEDIASOUP_WORKERS: '2',
    REDIS_PREFIX: `test-${randomUUID().slice(0, 8)}`,
    SEED_DEMO: 'false',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...env,
  });
  const config: Config = loadConfig(fullEnv);
  const app = await createApp(config, { logger: createLogger(config.logLevel) });
  await new Promise<void>((resolve) => app.httpServer.listen(0, options.listenHost ?? '127.0.0.1', resolve));
  const port = (app.httpServer.address() as AddressInfo).port;
  return {
    app,
    port,
    url: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      await releaseTestStore(config.dataDir);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
