import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBroadcastFixture, type BroadcastFixture } from '../support/broadcastFixture.js';
import { nextPush, opusParameters, request } from '../support/mediaSignal.js';
import { connectSocket, type TestSocket } from '../support/socketClient.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

const HAND_GRACE_SECONDS = 2;

/**
 * Two nodes sharing the store and Redis, as behind a balancer: the host's console on one, endpoints
 * on the other. The floor, the raised hands and the endpoints' presence are the cluster's (Redis),
 * not a node's: the host grants the floor to an endpoint connected elsewhere, mutes it and takes it
 * back (its media on its own node follows), and a raised hand is lowered by its grace timer on the
 * node that is left after the endpoint's node has gone.
 */
describe('live state shared by two nodes', () => {
  let owner: TestApp;
  let other: TestApp;
  let fx: BroadcastFixture;
  const sockets: TestSocket[] = [];

  async function joinOn(t: TestApp, token: string): Promise<TestSocket> {
    const socket = await connectSocket(t.url, { token });
    sockets.push(socket);
    await request(socket, 'session:join', { sessionId: fx.sessionId });
    return socket;
  }

  beforeAll(async () => {
    const env = { FLOOR_HAND_GRACE_SECONDS: String(HAND_GRACE_SECONDS) };
    owner = await startTestApp(env);
    other = await startTestApp({
      ...env,
      DATA_DIR: owner.app.config.dataDir,
      REDIS_PREFIX: owner.app.config.redisPrefix,
    });
    fx = await createBroadcastFixture(owner, 3);
    await fx.start();
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await other?.app.close(); // the data folder and store are the owner's
    await owner?.close();
  });

  it('the host on one node gives the floor to an endpoint connected to the other, which may then publish', async () => {
    const [tv] = fx.endpoints as [(typeof fx.endpoints)[0]];
    const host = await joinOn(owner, fx.hostToken);
    const screen = await joinOn(other, tv.token);
    // Not holding the floor yet: refused on its own node.
    await expect(request(screen, 'media:createTransport', { direction: 'send' })).rejects.toThrow('FORBIDDEN');

    const told = nextPush(screen, 'floor:state', (s) => s.holder?.endpointId === tv.id);
    const granted = await request(host, 'floor:grant', { endpointId: tv.id });
    expect(granted.holder).toMatchObject({ endpointId: tv.id, name: tv.name, muted: false });
    expect((await told).holder?.endpointId).toBe(tv.id);
    // Its own node sees the grant made on the other.
    const transport = await request(screen, 'media:createTransport', { direction: 'send' });
    expect(transport.id).toEqual(expect.any(String));

    // A roll call started on the host's node expects the endpoint connected to the other.
    const call = await request(host, 'rollcall:start', { durationSeconds: 60 });
    expect(call.expected.map((e) => e.endpointId)).toEqual([tv.id]);
    await request(host, 'floor:revoke', {});
  });

  it('muting and taking back the floor on the host’s node holds for the holder’s media on its own node', async () => {
    const [tv] = fx.endpoints as [(typeof fx.endpoints)[0]];
    const host = await joinOn(owner, fx.hostToken);
    const screen = await joinOn(other, tv.token);
    await request(host, 'floor:grant', { endpointId: tv.id });
    const send = await request(screen, 'media:createTransport', { direction: 'send' });
    const { producerId } = await request(screen, 'media:produce', {
      transportId: send.id,
      kind: 'audio',
      source: 'mic',
      rtpParameters: opusParameters(4242),
    });

    const paused = nextPush(host, 'media:producerPaused', (p) => p.producerId === producerId);
    await request(host, 'floor:mute', { muted: true });
    expect(await paused).toEqual({ producerId, paused: true });

    const closed = nextPush(host, 'media:producerClosed', (p) => p.producerId === producerId);
    await request(host, 'floor:revoke', {});
    expect(await closed).toEqual({ producerId });
  });

  it('a hand raised on a node that then shuts down is lowered by the grace timer on the node left', async () => {
    const [, raiser] = fx.endpoints as [(typeof fx.endpoints)[0], (typeof fx.endpoints)[0]];
    const host = await joinOn(owner, fx.hostToken);
    const screen = await joinOn(other, raiser.token);
    const raised = nextPush(host, 'floor:state', (s) => s.queue.some((h) => h.endpointId === raiser.id));
    await request(screen, 'floor:raiseHand', {});
    await raised;

    const lowered = nextPush(
      host,
      'floor:state',
      (s) => !s.queue.some((h) => h.endpointId === raiser.id),
      (HAND_GRACE_SECONDS + 10) * 1000,
    );
    const closedAt = Date.now();
    await other.app.close(); // the endpoint's screen drops with its node; it does not come back
    await lowered;
    expect(Date.now() - closedAt).toBeGreaterThanOrEqual(HAND_GRACE_SECONDS * 1000 - 100);
    expect((await request(host, 'floor:getState', {})).queue).toEqual([]);
  });
});
