import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { broadcastDomain } from '@diem-cau/server/src/domain/broadcast/index.js';
import { createLogger } from '@diem-cau/server/src/logging/logger.js';
import { NodeBus } from '@diem-cau/server/src/redis/nodeBus.js';
import { createBroadcastFixture, type BroadcastFixture } from '../support/broadcastFixture.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

/**
 * What a node answers another node's pipe messages that are malformed or point at nothing: coded
 * errors over the node bus, and the node keeps serving. The asker here is a bus of its own on the
 * app's Redis and prefix, as another node's would be.
 */
describe('pipe messages from another node: bad input gets coded errors', () => {
  let t: TestApp;
  let fx: BroadcastFixture;
  let asker: NodeBus;

  beforeAll(async () => {
    t = await startTestApp();
    fx = await createBroadcastFixture(t, 1);
    await fx.start();
    asker = new NodeBus({
      nodeId: 'another-node',
      redis: t.app.redis.main,
      redisPrefix: t.app.config.redisPrefix,
      log: createLogger('silent'),
    });
    await asker.start();
  });
  afterAll(async () => {
    await asker?.stop();
    await t?.close();
  });

  it('a malformed open or consume is BAD_REQUEST; an unknown session, link or producer is NOT_FOUND', async () => {
    const node = t.app.ctx.node.id;
    const ask = (type: string, body: unknown) => asker.request(node, type, body, 3_000);
    await expect(ask('pipe.open', {})).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      ask('pipe.open', { sessionId: fx.sessionId, end: { ip: '127.0.0.1', port: 0 }, srtp: {} }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(ask('pipe.consume', { sessionId: fx.sessionId })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const srtp = { cryptoSuite: 'AEAD_AES_256_GCM', keyBase64: 'a'.repeat(60) };
    await expect(
      ask('pipe.open', { sessionId: 'no-such-session', end: { ip: '127.0.0.1', port: 40_000 }, srtp }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      ask('pipe.consume', { sessionId: fx.sessionId, linkId: 'no-such-link', producerId: 'no-such-producer' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // Notices about producers this node never piped in change nothing and answer nothing.
    expect(await asker.notify(node, 'pipe.producerClosed', { sessionId: fx.sessionId, producerId: 'x' })).toBe(true);
    expect(await asker.notify(node, 'pipe.producerPaused', { bogus: true })).toBe(true);
    // The node still answers /healthz, and none of it left a pipe behind.
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    expect(await broadcastDomain(t.app.ctx).cascade.links()).toEqual([]);
  });
});
