import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors/AppError.js';
import { createLogger } from '../logging/logger.js';
import { NodeBus } from './nodeBus.js';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6390');
const prefix = `test-bus-${process.pid}-${Date.now()}`;
const log = createLogger('silent');

describe('NodeBus: requests and notices between nodes over Redis', () => {
  const a = new NodeBus({ nodeId: 'a', redis, redisPrefix: prefix, log });
  const b = new NodeBus({ nodeId: 'b', redis, redisPrefix: prefix, log });

  beforeAll(async () => {
    await a.start();
    await b.start();
  });
  afterAll(async () => {
    await a.stop();
    await b.stop();
    await redis.quit();
  });

  it('answers a request from the node that handles it, and says who asked', async () => {
    b.handle('echo', (body, from) => ({ body, from }));
    expect(await a.request('b', 'echo', { n: 1 })).toEqual({ body: { n: 1 }, from: 'a' });
  });

  it("carries the handler's coded error back; an unexpected failure is INTERNAL", async () => {
    b.handle('refuse', () => {
      throw new AppError('BAD_REQUEST', 'Malformed');
    });
    b.handle('crash', () => {
      throw new Error('bug');
    });
    await expect(a.request('b', 'refuse', {})).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'Malformed' });
    await expect(a.request('b', 'crash', {})).rejects.toMatchObject({ code: 'INTERNAL' });
    await expect(a.request('b', 'nobody-handles-this', {})).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a node that is not listening is UNAVAILABLE at once; one that does not answer, after the timeout', async () => {
    await expect(a.request('gone', 'echo', {})).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    b.handle('hang', () => new Promise(() => undefined));
    await expect(a.request('b', 'hang', {}, 200)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('delivers a notice one way and tells whether anybody heard it', async () => {
    const heard = new Promise((resolve) => b.handle('note', (body) => resolve(body)));
    expect(await a.notify('b', 'note', { x: 2 })).toBe(true);
    expect(await heard).toEqual({ x: 2 });
    expect(await a.notify('gone', 'note', {})).toBe(false);
  });
});
