import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { broadcastDomain } from '@diem-cau/server/src/domain/broadcast/index.js';
import { createBroadcastFixture, type BroadcastFixture } from '../support/broadcastFixture.js';
import { nextPush, opusParameters, request, vp8SimulcastParameters } from '../support/mediaSignal.js';
import { connectSocket, type TestSocket } from '../support/socketClient.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

describe('a host that reconnects publishes again and replaces its stale producers', () => {
  let t: TestApp;
  let fx: BroadcastFixture;
  const sockets: TestSocket[] = [];

  async function join(token: string): Promise<TestSocket> {
    const socket = await connectSocket(t.url, { token });
    sockets.push(socket);
    await request(socket, 'session:join', { sessionId: fx.sessionId });
    return socket;
  }

  async function publish(socket: TestSocket, ssrc: number): Promise<{ mic: string; camera: string }> {
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
    return { mic: mic.producerId, camera: camera.producerId };
  }

  beforeAll(async () => {
    t = await startTestApp();
    fx = await createBroadcastFixture(t, 1);
    await fx.start();
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t?.close();
  });

  it("closes the old connection's producers of the same source while the old socket lingers", async () => {
    const endpoint = await join(fx.endpoints[0]!.token);
    const oldHost = await join(fx.hostToken);
    const old = await publish(oldHost, 1111);

    // The host's network blipped: a new connection joins before the server noticed the old one is gone.
    const newHost = await join(fx.hostToken);
    const closedMic = nextPush(endpoint, 'media:producerClosed', (p) => p.producerId === old.mic);
    const closedCamera = nextPush(endpoint, 'media:producerClosed', (p) => p.producerId === old.camera);
    const added = nextPush(endpoint, 'media:producerAdded', (p) => p.source === 'camera');
    const fresh = await publish(newHost, 2222);
    await Promise.all([closedMic, closedCamera]);
    expect((await added).producerId).toBe(fresh.camera);

    const room = broadcastDomain(t.app.ctx).rooms.existing(fx.sessionId)!;
    expect(
      room
        .producers()
        .map((p) => p.producerId)
        .sort(),
    ).toEqual([fresh.mic, fresh.camera].sort());
    const listed = await request(endpoint, 'media:getProducers', {});
    expect(listed.producers.map((p) => p.producerId).sort()).toEqual([fresh.mic, fresh.camera].sort());
    // The old socket is still connected; it simply no longer publishes.
    expect(oldHost.connected).toBe(true);
  });

  it("does not touch another publisher's producers", async () => {
    const room = broadcastDomain(t.app.ctx).rooms.existing(fx.sessionId)!;
    const before = room
      .producers()
      .map((p) => p.producerId)
      .sort();
    const host = await join(fx.hostToken);
    await request(host, 'floor:grant', { endpointId: fx.endpoints[0]!.id });
    const endpoint = await join(fx.endpoints[0]!.token);
    const send = await request(endpoint, 'media:createTransport', { direction: 'send' });
    const mic = await request(endpoint, 'media:produce', {
      transportId: send.id,
      kind: 'audio',
      source: 'mic',
      rtpParameters: opusParameters(3333),
    });
    expect(
      room
        .producers()
        .map((p) => p.producerId)
        .sort(),
    ).toEqual([...before, mic.producerId].sort());
  });
});
