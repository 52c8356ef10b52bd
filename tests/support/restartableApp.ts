import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { createApp } from '@diem-cau/server/src/app.js';
import { loadConfig } from '@diem-cau/server/src/config/config.js';
import { createLogger } from '@diem-cau/server/src/logging/logger.js';
import type { TestApp } from './testApp.js';
import { withTestStore } from './testStore.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The environment of an app that can be stopped and started again on the same data folder. */
export function restartableEnv(
  dataDir: string,
  prefix: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6391',
    MEDIASOUP_WORKERS: '1',
    REDIS_PREFIX: prefix,
    SEED_DEMO: 'false',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...extra,
  };
}

/** The real app in this process on a given data folder (kept when it closes, with its store). */
export async function startAppOn(env: Record<string, string>): Promise<TestApp> {
  const config = loadConfig(await withTestStore(env));
  const app = await createApp(config, { logger: createLogger(config.logLevel) });
  await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
  const port = (app.httpServer.address() as AddressInfo).port;
  return { app, port, url: `http://127.0.0.1:${port}`, close: () => app.close() };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface ServerProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** SIGKILL: the process dies at once, with no graceful shutdown (a crash). */
  crash(): Promise<void>;
}

/**
 * The real server (server/src/main.ts) in a child process, so a test can kill it like a crash.
 * `port`: listen there (a restart on the port its clients reconnect to), else on a free one.
 */
export async function spawnServer(
  env: Record<string, string>,
  options: { port?: number } = {},
): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const storeEnv = await withTestStore(env);
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/src/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...storeEnv, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.status < 500,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('server did not start');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    port,
    child,
    crash: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGKILL');
      await exited;
    },
  };
}
