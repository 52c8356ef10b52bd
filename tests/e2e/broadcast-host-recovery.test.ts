import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { broadcastDomain } from '@diem-cau/server/src/domain/broadcast/index.js';
import type { BroadcastRoom } from '@diem-cau/server/src/media/BroadcastRoom.js';
import { rooms } from '@diem-cau/server/src/signaling/rooms.js';
import type { BroadcastFixture } from '../support/broadcastFixture.js';
import {
  HOST_CAMERA,
  decodedFrames,
  expectDecoding,
  hostGoesLive,
  newPage,
  openEndpoint,
  startBroadcastStage,
  type BroadcastStage,
} from '../support/broadcastPages.js';
import type { TestApp } from '../support/testApp.js';

/** Longer than ICE tolerates (about 15 s): the transports go `failed` and need an ICE restart. */
const OUTAGE_MS = 18_000;
/** Bound on the return of the picture once the host's network is back; no one clicks anything. */
const RECOVERY_MS = 30_000;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('the host network blips: endpoints keep their session and pick the stream up again by themselves', () => {
  let stage: BroadcastStage;
  let t: TestApp;
  let fx: BroadcastFixture;
  let browser: Browser;
  let contexts: BrowserContext[];
  let host: Page;
  let endpoint: Page;

  const room = (): BroadcastRoom => broadcastDomain(t.app.ctx).rooms.existing(fx.sessionId)!;
  const hostCameras = () =>
    room()
      .producers()
      .filter((p) => p.publisher.role === 'host' && p.source === 'camera');
  const endpointPeerIds = () =>
    room()
      .peers()
      .filter((p) => p.identity.role === 'endpoint')
      .map((p) => p.id);

  beforeAll(async () => {
    stage = await startBroadcastStage(1);
    ({ t, fx, browser, contexts } = stage);
  });
  afterAll(async () => stage?.close());

  it('the host goes live and the endpoint decodes its camera', async () => {
    host = await newPage(browser, contexts);
    await hostGoesLive(host, t.url, fx);
    endpoint = await newPage(browser, contexts);
    await openEndpoint(endpoint, t.url, fx, fx.endpoints[0]!);
    await expectDecoding(endpoint, HOST_CAMERA);
    expect(hostCameras()).toHaveLength(1);
  });

  it('the worker carrying the host producer stops for longer than ICE tolerates: the host restarts ICE and the endpoint decodes again', async () => {
    const origin = room().originSlot;
    const hostPeer = room()
      .peers()
      .find((p) => p.producers.size > 0 && p.identity.role === 'host')!;
    const send = [...hostPeer.transports.values()].find((t) => t.direction === 'send')!.transport;
    const ufragBefore = send.iceParameters.usernameFragment;
    const producerBefore = hostCameras()[0]!.producerId;
    const endpointsBefore = endpointPeerIds();
    const worker = t.app.media.slots[origin]!.worker;

    const stoppedAt = Date.now();
    process.kill(worker.pid, 'SIGSTOP');
    try {
      // The host page notices the outage and the endpoint's picture freezes.
      await expect
        .poll(() => host.getByTestId('host-connection').getAttribute('data-state'), { timeout: 20_000 })
        .toBe('reconnecting');
      // The badge says the truth: the host's own media is down, not "live".
      expect(await host.getByTestId('host-status').getAttribute('data-status')).toBe('reconnecting');
      const frozen = await decodedFrames(endpoint, HOST_CAMERA);
      await sleep(2_000);
      expect(await decodedFrames(endpoint, HOST_CAMERA)).toBe(frozen);
      await sleep(Math.max(0, OUTAGE_MS - (Date.now() - stoppedAt)));
    } finally {
      process.kill(worker.pid, 'SIGCONT');
    }

    await expectDecoding(endpoint, HOST_CAMERA, RECOVERY_MS);
    await expect
      .poll(() => host.getByTestId('host-connection').getAttribute('data-state'), { timeout: RECOVERY_MS })
      .toBe('connected');
    await expect.poll(() => host.getByTestId('host-status').getAttribute('data-status')).toBe('live');
    // Recovered by an ICE restart of the publisher's own transport: same transport and producer, new ICE credentials.
    expect(send.closed).toBe(false);
    expect(send.iceParameters.usernameFragment).not.toBe(ufragBefore);
    expect(hostCameras().map((p) => p.producerId)).toEqual([producerBefore]);
    // The endpoint kept its session throughout.
    expect(endpointPeerIds()).toEqual(endpointsBefore);
  }, 120_000);

  for (const drop of ['transport', 'server'] as const) {
    it(`the host's connection is dropped (${drop === 'transport' ? 'its link closes' : 'the server closes it'}) and its transports die: it rejoins and republishes, the endpoint follows`, async () => {
      const before = hostCameras()[0]!.producerId;
      const endpointsBefore = endpointPeerIds();
      const hostSockets = await t.app.ctx.io.in(rooms.sessionRole(fx.sessionId, 'host')).fetchSockets();
      expect(hostSockets.length).toBeGreaterThan(0);
      for (const remote of hostSockets) {
        const socket = t.app.ctx.io.sockets.sockets.get(remote.id)!;
        if (drop === 'transport') socket.conn.close();
        else socket.disconnect(true);
      }
      // The old connection's transports and producers are gone, and the endpoint is told.
      await expect.poll(() => hostCameras().some((p) => p.producerId === before), { timeout: 10_000 }).toBe(false);

      // A new camera producer from the host's new connection, and the endpoint decodes it, unaided.
      await expect.poll(() => hostCameras().length, { timeout: RECOVERY_MS }).toBe(1);
      expect(hostCameras()[0]!.producerId).not.toBe(before);
      await expectDecoding(endpoint, HOST_CAMERA, RECOVERY_MS);
      expect(await endpoint.locator('video').count()).toBe(1);
      expect(endpointPeerIds()).toEqual(endpointsBefore);
      await expect.poll(() => endpoint.getByTestId('connection').getAttribute('data-state')).toBe('online');
    }, 90_000);
  }
});
