import { setTimeout as delay } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logging/logger.js';
import { ClusterTimers, TIMER_RETRY_MS, type TimerKind } from './clusterTimers.js';
import { NODE_LEASE_MS, NodeLease } from './nodeLease.js';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6390');
const log = createLogger('silent');
let prefixes = 0;

interface TestNode {
  lease: NodeLease;
  timers: ClusterTimers;
  kind: TimerKind<{ n: number }>;
  fired: number[];
  stop(): Promise<void>;
}

/** One node on the shared Redis: its lease, its timer service and one kind of timer that records what fired. */
async function node(
  prefix: string,
  handler?: (p: { n: number }, fired: number[]) => Promise<void>,
  start = true,
): Promise<TestNode> {
  const lease = new NodeLease({ redis, redisPrefix: prefix, log, name: 'timer-node' });
  await lease.start();
  const timers = new ClusterTimers({ redis, redisPrefix: prefix, node: lease, log, pollMs: 50 });
  const fired: number[] = [];
  const kind = timers.define<{ n: number }>('test.fire', async (p) => {
    if (handler) await handler(p, fired);
    else fired.push(p.n);
  });
  if (start) timers.start();
  const self: TestNode = {
    lease,
    timers,
    kind,
    fired,
    async stop() {
      await timers.stop();
      await lease.stop();
    },
  };
  nodes.push(self);
  return self;
}

const nodes: TestNode[] = [];
const newPrefix = () => `test-timers-${process.pid}-${Date.now()}-${prefixes++}`;

async function until(check: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await delay(20);
  }
}

describe('ClusterTimers: timers in Redis that fire once across the nodes', () => {
  afterEach(async () => {
    for (const n of nodes.splice(0)) await n.stop();
  });
  afterAll(async () => redis.quit());

  it('a timer set on node A fires once, on B, when A has stopped before it was due', async () => {
    const prefix = newPrefix();
    const a = await node(prefix);
    const b = await node(prefix);
    await a.kind.schedule('k1', Date.now() + 300, { n: 1 });
    await a.stop();
    await until(() => b.fired.length > 0);
    await delay(300);
    expect(b.fired).toEqual([1]);
    expect(a.fired).toEqual([]);
    expect(await b.kind.dueAt('k1')).toBeNull();
  });

  it('many timers polled by two nodes at once each fire exactly once', async () => {
    const prefix = newPrefix();
    const a = await node(prefix);
    const b = await node(prefix);
    const due = Date.now() + 200;
    for (let n = 0; n < 200; n++) await (n % 2 ? a : b).kind.schedule(`k${n}`, due + (n % 7), { n });
    await until(() => a.fired.length + b.fired.length >= 200);
    await delay(300);
    const all = [...a.fired, ...b.fired].sort((x, y) => x - y);
    expect(all).toEqual([...Array(200).keys()]);
  });

  it('a cancelled timer never fires; a rescheduled one fires once, at its new time', async () => {
    const prefix = newPrefix();
    const a = await node(prefix);
    await a.kind.schedule('gone', Date.now() + 200, { n: 1 });
    await a.kind.schedule('moved', Date.now() + 200, { n: 2 });
    await a.kind.cancel('gone');
    const later = Date.now() + 700;
    await a.kind.schedule('moved', later, { n: 3 });
    expect(await a.kind.dueAt('moved')).toBe(later);
    await delay(450);
    expect(a.fired).toEqual([]);
    await until(() => a.fired.length > 0);
    await delay(200);
    expect(a.fired).toEqual([3]);
  });

  it('a timer being run by a live node is not run again; it is once that node’s lease runs out', async () => {
    const prefix = newPrefix();
    let release: () => void = () => undefined;
    const hung = new Promise<void>((resolve) => (release = resolve));
    const a = await node(prefix, async (p, fired) => {
      fired.push(p.n);
      await hung; // A is stuck in the handler (frozen, or killed before finishing)
    });
    const b = await node(prefix, undefined, false);
    try {
      await a.kind.schedule('k', Date.now(), { n: 7 });
      await until(() => a.fired.length > 0);
      void a.timers.stop(); // A polls no more; its claim stays in Redis
      b.timers.start();
      await delay(2_500); // past a claim re-check: A's lease is alive, so B leaves the timer to it
      expect(b.fired).toEqual([]);
      // A dies: its lease is no longer renewed and runs out; B runs the timer.
      await a.lease.stop();
      await until(() => b.fired.length > 0, NODE_LEASE_MS);
      expect(b.fired).toEqual([7]);
    } finally {
      release();
    }
  }, 15_000);

  it('a handler that throws runs again after a pause, then completes', async () => {
    const prefix = newPrefix();
    let calls = 0;
    const a = await node(prefix, async (p, fired) => {
      calls++;
      if (calls === 1) throw new Error('store busy');
      fired.push(p.n);
    });
    await a.kind.schedule('k', Date.now(), { n: 5 });
    await until(() => a.fired.length > 0, TIMER_RETRY_MS + 2_000);
    await delay(300);
    expect(calls).toBe(2);
    expect(a.fired).toEqual([5]);
    expect(await a.kind.dueAt('k')).toBeNull();
  });

  it('a timer rescheduled by its own handler is kept (the run that set it does not delete it)', async () => {
    const prefix = newPrefix();
    const a = await node(prefix, async (p, fired) => {
      fired.push(p.n);
      if (p.n === 1) await a.kind.schedule('k', Date.now() + 200, { n: 2 });
    });
    await a.kind.schedule('k', Date.now(), { n: 1 });
    await until(() => a.fired.length >= 2);
    await delay(300);
    expect(a.fired).toEqual([1, 2]);
  });
});
