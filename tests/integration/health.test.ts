import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/testApp.js';

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('health, metrics and worker replacement', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('/healthz reports Redis, the store and every worker (the checks to an admin)', async () => {
    const admin = await t.app.tokens.sign({ subject: 'admin-health', role: 'admin' });
    const res = await fetch(`${t.url}/healthz`, { headers: { authorization: `Bearer ${admin}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; checks: { media: { alive: number; total: number } } };
    expect(body.status).toBe('ok');
    expect(body.checks.media).toMatchObject({ ok: true, alive: 2, total: 2 });
  });

  it('/metrics exposes Prometheus text (to this machine, without METRICS_TOKEN)', async () => {
    const res = await fetch(`${t.url}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('diemcau_mediasoup_workers_alive');
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('replaces a killed worker and /healthz recovers', async () => {
    const slot = t.app.media.slots[0]!;
    const oldPid = slot.worker.pid;
    const replaced = new Promise<void>((resolve) => t.app.media.once('workerReplaced', () => resolve()));
    process.kill(oldPid, 'SIGKILL');
    await replaced;
    expect(slot.worker.pid).not.toBe(oldPid);
    expect(slot.worker.closed).toBe(false);
    const status = await waitFor(async () => {
      const res = await fetch(`${t.url}/healthz`);
      return res.status === 200 ? res.status : undefined;
    }, 10_000);
    expect(status).toBe(200);
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    expect(metrics).toMatch(/diemcau_mediasoup_worker_deaths_total 1/);
  });

  it('unknown API routes answer NOT_FOUND in the protocol shape', async () => {
    const res = await fetch(`${t.url}/api/nothing-here`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });
});
