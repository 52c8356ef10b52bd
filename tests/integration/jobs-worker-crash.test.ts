import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportInfo } from '@diem-cau/shared';
import { databaseUrlOf } from '@diem-cau/server/src/config/config.js';
import { api, waitFor } from '../support/http.js';
import { seedReportProvince, type ReportSeed } from '../support/reportSeed.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const LOCK_MS = 1500;

/** Runs a TypeScript entry point in its own Node process (tsx), with the app's store and Redis prefix. */
function spawnWorker(entry: string, t: TestApp, extraEnv: Record<string, string> = {}): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATA_DIR: t.app.config.dataDir,
      DATABASE_URL: databaseUrlOf(t.app.config.database),
      REDIS_URL: t.app.config.redisUrl,
      REDIS_PREFIX: t.app.config.redisPrefix,
      JOBS_LOCK_DURATION_MS: String(LOCK_MS),
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.resume();
  child.stderr?.on('data', (d: Buffer) => process.stderr.write(`[worker ${child.pid}] ${d.toString()}`));
  return child;
}

const exited = (child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve({ code: child.exitCode, signal: child.signalCode })
    : new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

describe('a job whose worker dies mid-way', () => {
  let t: TestApp;
  let seed: ReportSeed;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    // No in-app workers: the jobs run only in the worker processes this test starts and kills.
    t = await startTestApp({ JOBS_IN_APP_WORKERS: 'false', JOBS_LOCK_DURATION_MS: String(LOCK_MS) });
    seed = await seedReportProvince(t.app);
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await t?.close();
  });

  it('is picked up again by another worker process and completes', async () => {
    const requested = await api<ReportInfo>(t.url, 'POST', `/api/reports/sessions/${seed.sessionId}`, seed.adminToken);
    expect(requested.body.status).toBe('queued');
    const id = requested.body.id;
    const row = () =>
      t.app.db
        .selectFrom('reports')
        .select(['status', 'runs', 'progress'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();

    const slow = spawnWorker('tests/support/slowReportWorker.ts', t, { SLOW_STEP_MS: '4000' });
    children.push(slow);
    // The slow worker took the job and reported progress, then pauses between steps.
    await waitFor(async () => {
      const r = await row();
      return r.status === 'running' && r.runs === 1 && r.progress > 0 ? r : undefined;
    });
    slow.kill('SIGKILL');
    expect((await exited(slow)).signal).toBe('SIGKILL');
    expect((await row()).status).toBe('running');

    // The real worker entry point (`npm run worker`) finds the stalled job once its lock expires.
    const worker = spawnWorker('server/src/workerMain.ts', t);
    children.push(worker);
    const done = await waitFor(async () => {
      const r = await row();
      return r.status === 'done' ? r : undefined;
    }, 45_000);
    expect(done).toMatchObject({ status: 'done', runs: 2, progress: 100 });
    const info = await api<ReportInfo>(t.url, 'GET', `/api/reports/${id}`, seed.adminToken);
    // The XLSX and one CSV per table (the link quality record added two: links and outages).
    expect(info.body.files.length).toBe(8);

    // Graceful shutdown on SIGTERM.
    worker.kill('SIGTERM');
    expect(await exited(worker)).toEqual({ code: 0, signal: null });
  });
});
