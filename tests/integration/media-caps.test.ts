import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { broadcastDomain } from '@diem-cau/server/src/domain/broadcast/index.js';
import { createBroadcastFixture, type BroadcastFixture } from '../support/broadcastFixture.js';
import { waitFor } from '../support/http.js';
import { opusParameters, request, vp8SimulcastParameters } from '../support/mediaSignal.js';
import { connectSocket, type TestSocket } from '../support/socketClient.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

/** The error code a request was refused with ('OK' when it was not), and its message. */
async function refusal(promise: Promise<unknown>): Promise<{ code: string; message?: string }> {
  return promise.then(
    () => ({ code: 'OK' }),
    (error: Error & { body?: { code: string; message: string } }) => error.body ?? { code: error.message },
  );
}

/** The handshake refusal's code, or 'OK' when the socket connected (it is then kept for cleanup). */
async function connectCode(t: TestApp, token: string, keep: TestSocket[]): Promise<string> {
  return connectSocket(t.url, { token }).then(
    (socket) => {
      keep.push(socket);
      return 'OK';
    },
    (error: Error & { data?: { code: string } }) => error.data?.code ?? error.message,
  );
}

describe('what one connection and one sign-in may hold', () => {
  let t: TestApp;
  let fx: BroadcastFixture;
  const sockets: TestSocket[] = [];

  async function join(token: string): Promise<TestSocket> {
    const socket = await connectSocket(t.url, { token });
    sockets.push(socket);
    await request(socket, 'session:join', { sessionId: fx.sessionId });
    return socket;
  }

  const room = () => broadcastDomain(t.app.ctx).rooms.existing(fx.sessionId)!;

  beforeAll(async () => {
    // Transports and sockets at their defaults (4; 4 per endpoint); a small consumer limit to reach it.
    t = await startTestApp({ MEDIA_MAX_CONSUMERS_PER_CONNECTION: '3' });
    fx = await createBroadcastFixture(t, 3);
    await fx.start();
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t?.close();
  });

  it('refuses a transport past the limit with CONFLICT, concurrent requests included', async () => {
    const screen = await join(fx.endpoints[0]!.token);
    for (let i = 0; i < 4; i++) await request(screen, 'media:createTransport', { direction: 'recv' });
    const fifth = await refusal(request(screen, 'media:createTransport', { direction: 'recv' }));
    expect(fifth.code).toBe('CONFLICT');
    expect(fifth.message).toMatch(/at most 4 media transports/);
    expect(room().peer(screen.id!)!.transports.size).toBe(4);

    // Six at once from a fresh connection: four are created, two refused, none past the limit.
    const burst = await join(fx.endpoints[0]!.token);
    const results = await Promise.all(
      Array.from({ length: 6 }, () => refusal(request(burst, 'media:createTransport', { direction: 'recv' }))),
    );
    expect(results.filter((r) => r.code === 'OK')).toHaveLength(4);
    expect(results.filter((r) => r.code === 'CONFLICT')).toHaveLength(2);
    expect(room().peer(burst.id!)!.transports.size).toBe(4);
  });

  it('lets a floor holder take the floor again and again: its dropped send transports are closed at the limit', async () => {
    const host = await join(fx.hostToken);
    const holder = await join(fx.endpoints[1]!.token);
    await request(holder, 'media:createTransport', { direction: 'recv' });
    for (let grant = 0; grant < 5; grant++) {
      await request(host, 'floor:grant', { endpointId: fx.endpoints[1]!.id });
      // Like the TV: a new send transport each time it holds the floor (it drops the old one locally).
      const send = await request(holder, 'media:createTransport', { direction: 'send' });
      await request(holder, 'media:produce', {
        transportId: send.id,
        kind: 'audio',
        source: 'mic',
        rtpParameters: opusParameters(7000 + grant),
      });
      await request(host, 'floor:revoke', {});
    }
    const peer = room().peer(holder.id!)!;
    expect(peer.transportCount()).toBeLessThanOrEqual(4);
  });

  it('gives one consumer per producer per connection, and at most the limit', async () => {
    const host = await join(fx.hostToken);
    const holder = await join(fx.endpoints[1]!.token);
    await request(host, 'floor:grant', { endpointId: fx.endpoints[1]!.id });
    const publish = async (socket: TestSocket, ssrc: number): Promise<string[]> => {
      const send = await request(socket, 'media:createTransport', { direction: 'send' });
      const mic = await request(socket, 'media:produce', {
        transportId: send.id,
        kind: 'audio',
        source: 'mic',
        rtpParameters: opusParameters(ssrc),
      });
      const camera = await request(socket, 'media:produce', {
        transportId: send.id,
        kind: 'video',
        source: 'camera',
        rtpParameters: vp8SimulcastParameters(),
      });
      return [mic.producerId, camera.producerId];
    };
    const produced = [...(await publish(host, 4242)), ...(await publish(holder, 5151))];

    const viewer = await join(fx.endpoints[2]!.token);
    const { rtpCapabilities } = await request(viewer, 'media:getRouterRtpCapabilities', {});
    const recv = await request(viewer, 'media:createTransport', { direction: 'recv' });
    const consume = (producerId: string, transportId = recv.id) =>
      request(viewer, 'media:consume', { transportId, producerId, rtpCapabilities });

    // The same producer twice at once, then again: one consumer, the others refused.
    const twice = await Promise.all([refusal(consume(produced[0]!)), refusal(consume(produced[0]!))]);
    expect(twice.map((r) => r.code).sort()).toEqual(['CONFLICT', 'OK']);
    const again = await refusal(consume(produced[0]!));
    expect(again).toMatchObject({ code: 'CONFLICT', message: 'This connection already receives that producer' });
    const peer = room().peer(viewer.id!)!;
    expect(peer.consumerCount()).toBe(1);

    // A newer receive transport (the page restarted its media on this connection) replaces the consumer.
    const recv2 = await request(viewer, 'media:createTransport', { direction: 'recv' });
    const replacement = await consume(produced[0]!, recv2.id);
    expect([...peer.consumers.keys()]).toEqual([replacement.consumerId]);

    // Up to the limit (3 here), then CONFLICT.
    await consume(produced[1]!, recv2.id);
    await consume(produced[2]!, recv2.id);
    expect(peer.consumerCount()).toBe(3);
    const past = await refusal(consume(produced[3]!, recv2.id));
    expect(past.code).toBe('CONFLICT');
    expect(past.message).toMatch(/at most 3 media streams/);
    expect(peer.consumerCount()).toBe(3);
    await request(host, 'floor:revoke', {});
  });

  it('sets a receiver up in three requests, each producer answered on its own, bad batches refused', async () => {
    const host = await join(fx.hostToken);
    const send = await request(host, 'media:createTransport', { direction: 'send' });
    const mic = await request(host, 'media:produce', {
      transportId: send.id,
      kind: 'audio',
      source: 'mic',
      rtpParameters: opusParameters(6161),
    });
    const camera = await request(host, 'media:produce', {
      transportId: send.id,
      kind: 'video',
      source: 'camera',
      rtpParameters: vp8SimulcastParameters(),
    });

    const viewer = await join(fx.endpoints[2]!.token);
    const ready = await request(viewer, 'media:receive', { audioOnly: true });
    expect(ready.rtpCapabilities.codecs?.length).toBeGreaterThan(0);
    expect(ready.producers.map((p) => p.producerId)).toEqual(
      expect.arrayContaining([mic.producerId, camera.producerId]),
    );
    const peer = room().peer(viewer.id!)!;
    expect(peer.transports.has(ready.transport.id)).toBe(true);
    expect(peer.audioOnly).toBe(true);

    const consumeMany = (producerIds: string[], transportId = ready.transport.id) =>
      request(viewer, 'media:consumeMany', { transportId, producerIds, rtpCapabilities: ready.rtpCapabilities });
    // The same producer twice in one batch counts once; an unknown one is answered NOT_FOUND, the rest made.
    const made = await consumeMany([mic.producerId, mic.producerId, 'no-such-producer', camera.producerId]);
    const byProducer = new Map(made.consumers.map((c) => [c.producerId, c]));
    expect(made.consumers).toHaveLength(3);
    expect(byProducer.get('no-such-producer')).toMatchObject({ error: { code: 'NOT_FOUND' } });
    const ids = made.consumers.flatMap((c) => ('consumerId' in c ? [c.consumerId] : []));
    expect(ids).toHaveLength(2);
    expect(peer.consumerCount()).toBe(2);
    // Asked again: each already consumed producer is refused on its own; nothing new is made.
    const again = await consumeMany([mic.producerId]);
    expect(again.consumers).toEqual([{ producerId: mic.producerId, error: { code: 'CONFLICT' } }]);
    expect(peer.consumerCount()).toBe(2);

    await request(viewer, 'media:resumeConsumers', { consumerIds: ids });
    // Resumed as the client asked; the video stays held back while the receiver is audio-only.
    const states = [...peer.consumers.values()];
    expect(states.every((c) => c.resumedByClient)).toBe(true);
    expect(states.map((c) => [c.consumer.kind, c.consumer.paused]).sort()).toEqual([
      ['audio', false],
      ['video', true],
    ]);
    expect((await refusal(request(viewer, 'media:resumeConsumers', { consumerIds: ['no-such-consumer'] }))).code).toBe(
      'NOT_FOUND',
    );
    for (const bad of [
      { transportId: ready.transport.id, producerIds: [], rtpCapabilities: ready.rtpCapabilities },
      {
        transportId: ready.transport.id,
        producerIds: Array.from({ length: 17 }, (_, i) => `p${i}`),
        rtpCapabilities: ready.rtpCapabilities,
      },
      { transportId: ready.transport.id, producerIds: [mic.producerId] },
    ])
      expect((await refusal(request(viewer, 'media:consumeMany', bad as never))).code).toBe('BAD_REQUEST');
    expect((await refusal(request(viewer, 'media:resumeConsumers', { consumerIds: [] }))).code).toBe('BAD_REQUEST');
    expect((await refusal(request(viewer, 'media:receive', { tcpOnly: 'yes' } as never))).code).toBe('BAD_REQUEST');
  });

  it('refuses a fifth screen of one endpoint at the handshake with CONFLICT, and admits one once a screen closed', async () => {
    const endpoint = fx.endpoints[0]!;
    // Two screens of this endpoint are connected already (the first test).
    const open = () =>
      [...t.app.io.of('/').sockets.values()].filter((s) => s.data.identity.subject === endpoint.id).length;
    expect(open()).toBe(2);
    const screens: TestSocket[] = [];
    expect(await connectCode(t, endpoint.token, screens)).toBe('OK');
    expect(await connectCode(t, endpoint.token, screens)).toBe('OK');
    const refused = await connectSocket(t.url, { token: endpoint.token }).catch((e: unknown) => e);
    expect((refused as { data?: { code: string; message: string } }).data).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/already has 4 connections/),
    });
    // Another endpoint is not concerned.
    expect(await connectCode(t, fx.endpoints[2]!.token, sockets)).toBe('OK');

    screens[0]!.close();
    await waitFor(async () => (open() === 3 ? true : undefined), 5_000, 20);
    expect(await connectCode(t, endpoint.token, screens)).toBe('OK');
    sockets.push(...screens);
  });
});

describe('the socket limits are settings', () => {
  let t: TestApp;
  let fx: BroadcastFixture;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    t = await startTestApp({ MAX_SOCKETS_PER_MEMBER: '1', MAX_SOCKETS_PER_STAFF: '2' });
    fx = await createBroadcastFixture(t, 1);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t?.close();
  });

  it('counts members and staff by their own limits; a refused handshake holds no place', async () => {
    const phones: TestSocket[] = [];
    expect(await connectCode(t, fx.memberToken, phones)).toBe('OK');
    expect(await connectCode(t, fx.memberToken, phones)).toBe('CONFLICT');
    expect(await connectCode(t, fx.hostToken, sockets)).toBe('OK');
    expect(await connectCode(t, fx.hostToken, sockets)).toBe('OK');
    expect(await connectCode(t, fx.hostToken, sockets)).toBe('CONFLICT');
    expect(await connectCode(t, fx.endpoints[0]!.token, sockets)).toBe('OK');

    phones[0]!.close();
    const phone = await waitFor(async () => {
      const code = await connectCode(t, fx.memberToken, sockets);
      return code === 'OK' ? code : undefined;
    }, 5_000);
    expect(phone).toBe('OK');
    expect(await connectCode(t, fx.memberToken, sockets)).toBe('CONFLICT');
  });
});
