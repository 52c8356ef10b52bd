import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../logging/logger.js';
import { NODE_LEASE_MS, NodeLease } from './nodeLease.js';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6390');
const prefix = `test-lease-${process.pid}-${Date.now()}`;
const log = createLogger('silent');

describe('NodeLease: a node is alive while it renews its lease in Redis', () => {
  afterEach(() => vi.useRealTimers());
  afterAll(async () => redis.quit());

  it('each node sees the others; a clean stop leaves at once; a node that stops renewing is dead after NODE_LEASE_MS', async () => {
    const a = new NodeLease({ redis, redisPrefix: prefix, log, name: 'node-a' });
    const b = new NodeLease({ redis, redisPrefix: prefix, log, name: 'node-a' });
    await a.start();
    await b.start();
    expect(a.id).not.toBe(b.id); // same name, another process start: another node
    expect((await a.alive()).sort()).toEqual([a.id, b.id].sort());
    expect(await b.isAlive(a.id)).toBe(true);

    await b.stop();
    expect(await a.alive()).toEqual([a.id]);
    expect(await a.isAlive(b.id)).toBe(false);

    // A's lease as another node sees it once A has not renewed for longer than the lease (frozen or killed).
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + NODE_LEASE_MS + 1);
    expect(await b.isAlive(a.id)).toBe(false);
    expect(await b.alive()).toEqual([]);
    vi.useRealTimers();
    await a.stop();
    expect(await redis.exists(`${prefix}:nodes`)).toBe(0);
  });
});
