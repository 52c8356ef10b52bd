import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { broadcastDomain } from '@diem-cau/server/src/domain/broadcast/index.js';
import type { BroadcastRoom } from '@diem-cau/server/src/media/BroadcastRoom.js';
import { createBroadcastFixture, type BroadcastFixture } from '../support/broadcastFixture.js';
import { nextPush, opusParameters, request, vp8SimulcastParameters } from '../support/mediaSignal.js';
import { connectSocket, type TestSocket } from '../support/socketClient.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

describe('broadcast fan-out over real mediasoup workers', () => {
  let t: TestApp;
  let fx: BroadcastFixture;
  let host: TestSocket;
  const endpoints: TestSocket[] = [];

  const room = (): BroadcastRoom => {
    const r = broadcastDomain(t.app.ctx).rooms.existing(fx.sessionId);
    if (!r) throw new Error('no room');
    return r;
  };
  const slotOf = (socket: TestSocket): number | undefined => room().peer(socket.id!)?.slot;

  async function join(token: string): Promise<TestSocket> {
    const socket = await connectSocket(t.url, { token });
    await request(socket, 'session:join', { sessionId: fx.sessionId });
    return socket;
  }

  async function publish(socket: TestSocket): Promise<string[]> {
    await request(socket, 'media:getRouterRtpCapabilities', {});
    const send = await request(socket, 'media:createTransport', { direction: 'send' });
    const mic = await request(socket, 'media:produce', {
      transportId: send.id,
      kind: 'audio',
      source: 'mic',
      rtpParameters: opusParameters(1111),
    });
    const cam = await request(socket, 'media:produce', {
      transportId: send.id,
      kind: 'video',
      source: 'camera',
      rtpParameters: vp8SimulcastParameters(),
    });
    return [mic.producerId, cam.producerId];
  }

  /** What a receiving page does: capabilities, a receive transport, a paused consumer per producer, resume. */
  async function receive(socket: TestSocket): Promise<string[]> {
    const { rtpCapabilities } = await request(socket, 'media:getRouterRtpCapabilities', {});
    const recv = await request(socket, 'media:createTransport', { direction: 'recv' });
    expect(recv.iceCandidates.some((c) => c.protocol === 'tcp')).toBe(true);
    const { producers } = await request(socket, 'media:getProducers', {});
    const ids: string[] = [];
    for (const p of producers) {
      const consumer = await request(socket, 'media:consume', {
        transportId: recv.id,
        producerId: p.producerId,
        rtpCapabilities,
      });
      const state = room().peer(socket.id!)!.consumers.get(consumer.consumerId)!;
      expect(state.consumer.paused).toBe(true);
      await request(socket, 'media:resumeConsumer', { consumerId: consumer.consumerId });
      expect(state.consumer.paused).toBe(false);
      ids.push(consumer.consumerId);
    }
    return ids;
  }

  async function waitForReplacement(slot: number, deadPid: number): Promise<void> {
    await expect
      .poll(() => t.app.media.slots[slot]!.worker.pid !== deadPid && !t.app.media.slots[slot]!.worker.closed, {
        timeout: 20_000,
      })
      .toBe(true);
  }

  beforeAll(async () => {
    t = await startTestApp();
    fx = await createBroadcastFixture(t, 3);
    await fx.start();
    host = await join(fx.hostToken);
    for (const e of fx.endpoints) endpoints.push(await join(e.token));
  });
  afterAll(async () => {
    for (const s of [host, ...endpoints]) s?.close();
    await t?.close();
  });

  it('pipes the host producers to the other worker and places receivers on both workers', async () => {
    const added = endpoints.map((s) => nextPush(s, 'media:producerAdded', (p) => p.source === 'camera'));
    await publish(host);
    const pushes = await Promise.all(added);
    expect(pushes.every((p) => p.publisher.role === 'host' && p.kind === 'video')).toBe(true);

    for (const s of endpoints) expect(await receive(s)).toHaveLength(2);

    const origin = room().originSlot;
    expect(slotOf(host)).toBe(origin);
    const slots = new Set(endpoints.map(slotOf));
    expect(slots).toEqual(new Set([0, 1]));
    expect(room().routerSlots().sort()).toEqual([0, 1]);
    // A consumer on the other worker exists only if the producer was piped to that worker's router.
    const remote = endpoints.find((s) => slotOf(s) !== origin)!;
    const remoteConsumers = [...room().peer(remote.id!)!.consumers.values()];
    expect(remoteConsumers.map((c) => c.consumer.kind).sort()).toEqual(['audio', 'video']);
    expect(remoteConsumers.find((c) => c.consumer.kind === 'video')!.consumer.type).toBe('simulcast');
    const originWorker = t.app.media.slots[origin]!.worker;
    expect(t.app.media.slots[slotOf(remote)!]!.worker.pid).not.toBe(originWorker.pid);
  });

  it('switches an endpoint to audio only and back, and takes a preferred layer', async () => {
    const s = endpoints[0]!;
    const peer = room().peer(s.id!)!;
    const video = [...peer.consumers.values()].find((c) => c.consumer.kind === 'video')!;
    const audio = [...peer.consumers.values()].find((c) => c.consumer.kind === 'audio')!;
    expect(await request(s, 'media:setAudioOnly', { audioOnly: true })).toEqual({ audioOnly: true });
    expect(video.consumer.paused).toBe(true);
    expect(audio.consumer.paused).toBe(false);
    await request(s, 'media:setAudioOnly', { audioOnly: false });
    expect(video.consumer.paused).toBe(false);
    await request(s, 'media:setPreferredLayers', { consumerId: video.consumer.id, spatialLayer: 0 });
    expect(video.consumer.preferredLayers?.spatialLayer).toBe(0);
  });

  it('replaces a killed worker; the endpoints on it are told to reconnect and receive again on the new worker', async () => {
    const origin = room().originSlot;
    const victimSlot = origin === 0 ? 1 : 0;
    const victims = endpoints.filter((s) => slotOf(s) === victimSlot);
    expect(victims.length).toBeGreaterThan(0);
    const deadPid = t.app.media.slots[victimSlot]!.worker.pid;
    const told = victims.map((s) => nextPush(s, 'media:reconnect'));
    process.kill(deadPid, 'SIGKILL');
    expect((await Promise.all(told)).every((p) => p.reason === 'workerReplaced')).toBe(true);
    await waitForReplacement(victimSlot, deadPid);
    // The replacement gets the room's router back with the host's producers piped in.
    await expect.poll(() => room().routerOn(victimSlot) !== undefined, { timeout: 10_000 }).toBe(true);

    for (const s of victims) expect(await receive(s)).toHaveLength(2);
    const newPid = t.app.media.slots[victimSlot]!.worker.pid;
    const onNewWorker = victims.filter((s) => slotOf(s) === victimSlot);
    expect(onNewWorker.length).toBeGreaterThan(0);
    expect(newPid).not.toBe(deadPid);
    // Untouched endpoints kept their consumers.
    for (const s of endpoints.filter((e) => !victims.includes(e))) expect(room().peer(s.id!)!.consumers.size).toBe(2);
  });

  it("when the host's worker dies, the host republishes and every endpoint gets the new producers", async () => {
    const origin = room().originSlot;
    const deadPid = t.app.media.slots[origin]!.worker.pid;
    const hostTold = nextPush(host, 'media:reconnect');
    const closed = endpoints.map((s) => nextPush(s, 'media:producerClosed'));
    process.kill(deadPid, 'SIGKILL');
    await hostTold;
    await Promise.all(closed);
    await waitForReplacement(origin, deadPid);

    const added = endpoints.map((s) => nextPush(s, 'media:producerAdded', (p) => p.source === 'camera'));
    await publish(host);
    await Promise.all(added);
    for (const s of endpoints) {
      const peer = room().peer(s.id!)!;
      const hasTransport = peer.recvTransport() !== undefined;
      // Endpoints whose worker died recreate their transport; the others keep theirs.
      if (!hasTransport) expect(await receive(s)).toHaveLength(2);
      else {
        const { rtpCapabilities } = await request(s, 'media:getRouterRtpCapabilities', {});
        const { producers } = await request(s, 'media:getProducers', {});
        for (const p of producers) {
          const c = await request(s, 'media:consume', {
            transportId: peer.recvTransport()!.id,
            producerId: p.producerId,
            rtpCapabilities,
          });
          await request(s, 'media:resumeConsumer', { consumerId: c.consumerId });
        }
      }
      expect([...room().peer(s.id!)!.consumers.values()].filter((c) => !c.consumer.closed)).toHaveLength(2);
    }
  });
});
