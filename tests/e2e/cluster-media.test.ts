import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { broadcastDomain } from '@diem-cau/server/src/domain/broadcast/index.js';
import { FAKE_MEDIA_ARGS, launchChromium } from '../support/browser.js';
import { createBroadcastFixture, type BroadcastFixture } from '../support/broadcastFixture.js';
import { HOST_CAMERA, expectDecoding, hostGoesLive, newPage, openEndpoint } from '../support/broadcastPages.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

function audioPackets(page: Page): Promise<number> {
  return page.locator('[data-testid=media-stats]').getAttribute('data-audio-packets').then(Number);
}

/**
 * Two nodes sharing the store and Redis, as a cluster does: the host publishes on node A, one TV's
 * signaling reached node B, another's node A. Node B pipes the host's producers in from A over a pair
 * of PipeTransports (SRTP, RTX) set up through Redis, and its TV decodes them; no node relays WebRTC.
 */
describe('media across nodes: the host on node A, a TV on node B', () => {
  let a: TestApp;
  let b: TestApp;
  let fx: BroadcastFixture;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  /** The first TV whose signaling reached node B. */
  let onB: Page;

  beforeAll(async () => {
    a = await startTestApp();
    b = await startTestApp({ DATA_DIR: a.app.config.dataDir, REDIS_PREFIX: a.app.config.redisPrefix });
    fx = await createBroadcastFixture(a, 3);
    await fx.start();
    browser = await launchChromium([...FAKE_MEDIA_ARGS, '--autoplay-policy=no-user-gesture-required']);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await b?.close();
    await a?.close();
  });

  it('the TV on node B decodes the host of node A, piped between the nodes', async () => {
    const host = await newPage(browser, contexts);
    await hostGoesLive(host, a.url, fx);
    onB = await newPage(browser, contexts);
    const onA = await newPage(browser, contexts);
    await openEndpoint(onB, b.url, fx, fx.endpoints[0]!);
    await openEndpoint(onA, a.url, fx, fx.endpoints[1]!);
    for (const page of [onB, onA]) {
      await expectDecoding(page, HOST_CAMERA);
      await expect.poll(() => audioPackets(page), { timeout: 15_000 }).toBeGreaterThan(0);
    }

    // Each TV is served by the node its signaling reached.
    const roomA = broadcastDomain(a.app.ctx).rooms.existing(fx.sessionId)!;
    const roomB = broadcastDomain(b.app.ctx).rooms.existing(fx.sessionId)!;
    const endpointsOn = (room: typeof roomA) =>
      room
        .peers()
        .filter((p) => p.identity.role === 'endpoint')
        .map((p) => p.identity.subject);
    expect(endpointsOn(roomB)).toEqual([fx.endpoints[0]!.id]);
    expect(endpointsOn(roomA)).toEqual([fx.endpoints[1]!.id]);
    // Node B holds copies of node A's producers (camera and microphone), not producers of its own.
    const hostProducers = roomA.producers().map((p) => p.producerId);
    expect(hostProducers).toHaveLength(2);
    expect(roomB.producers()).toEqual([]);
    for (const id of hostProducers) expect(roomB.producerEntry(id)?.remoteNode).toBe(a.app.ctx.node.id);
    // One link between the nodes carries both producers, encrypted (SRTP) and repairing loss (RTX).
    const nodeA = a.app.ctx.node.id;
    const nodeB = b.app.ctx.node.id;
    const link = { sessionId: fx.sessionId, srtp: true, rtx: true };
    expect(await broadcastDomain(a.app.ctx).cascade.links()).toEqual([
      { ...link, nodeId: nodeB, direction: 'out', producers: 0, consumers: 2 },
    ]);
    expect(await broadcastDomain(b.app.ctx).cascade.links()).toEqual([
      { ...link, nodeId: nodeA, direction: 'in', producers: 2, consumers: 0 },
    ]);

    // The host's table on node A counts both TVs and shows what the one on node B receives.
    await expect
      .poll(() => host.getByTestId('audience-totals').innerText(), { timeout: 15_000 })
      .toBe('Đã kết nối 2/3');
    const rowOnB = host.locator(`tr[data-endpoint="${fx.endpoints[0]!.id}"] td`);
    await expect.poll(() => rowOnB.nth(7).innerText(), { timeout: 15_000 }).toBe('UDP');
  }, 120_000);

  it('node B loses the worker carrying its pipe: both of its TVs decode the host again', async () => {
    const onBToo = await newPage(browser, contexts);
    await openEndpoint(onBToo, b.url, fx, fx.endpoints[2]!);
    await expectDecoding(onBToo, HOST_CAMERA);
    const roomB = broadcastDomain(b.app.ctx).rooms.existing(fx.sessionId)!;
    const pipeSlot = roomB.pipeSlot();
    const slotOf = (endpointId: string) =>
      roomB.peers().find((p) => p.identity.role === 'endpoint' && p.identity.subject === endpointId)?.slot;
    // One TV on the pipe's worker (it reconnects its media), one on the other (its copies are lost).
    expect(new Set([slotOf(fx.endpoints[0]!.id), slotOf(fx.endpoints[2]!.id)])).toEqual(new Set([0, 1]));
    const worker = b.app.media.slots[pipeSlot]!.worker;
    process.kill(worker.pid!, 'SIGKILL');
    const onPipeWorker = slotOf(fx.endpoints[0]!.id) === pipeSlot ? onB : onBToo;
    const onOtherWorker = onPipeWorker === onB ? onBToo : onB;
    // The TV whose own worker died rebuilds its media; the other's copies came through the dead worker.
    await expectDecoding(onPipeWorker, HOST_CAMERA, 20_000);
    await expectDecoding(onOtherWorker, HOST_CAMERA, 20_000);
    expect((await broadcastDomain(a.app.ctx).cascade.links()).filter((l) => l.direction === 'out')).toHaveLength(1);
  }, 120_000);
});
