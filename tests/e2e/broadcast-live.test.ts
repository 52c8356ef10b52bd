import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { broadcastDomain } from '@diem-cau/server/src/domain/broadcast/index.js';
import type { BroadcastFixture, FixtureEndpoint } from '../support/broadcastFixture.js';
import {
  HOST_CAMERA,
  expectDecoding,
  hostGoesLive,
  newPage,
  openEndpoint,
  startBroadcastStage,
  type BroadcastStage,
} from '../support/broadcastPages.js';
import type { TestApp } from '../support/testApp.js';

function audioPackets(page: Page): Promise<number> {
  return page.locator('[data-testid=media-stats]').getAttribute('data-audio-packets').then(Number);
}

describe('live broadcast in Chromium: host, endpoints, floor, roll call, recovery, ICE-TCP', () => {
  let stage: BroadcastStage;
  let t: TestApp;
  let fx: BroadcastFixture;
  let browser: Browser;
  let contexts: BrowserContext[];
  let host: Page;
  const screens: Page[] = [];

  /** A fresh context and page, and the endpoint's TV screen joined in it. */
  async function openScreen(endpoint: FixtureEndpoint, query = ''): Promise<{ context: BrowserContext; page: Page }> {
    const page = await newPage(browser, contexts);
    await openEndpoint(page, t.url, fx, endpoint, query);
    return { context: page.context(), page };
  }

  beforeAll(async () => {
    stage = await startBroadcastStage(2);
    ({ t, fx, browser, contexts } = stage);
  });
  afterAll(async () => stage?.close());

  it('the host goes live and every endpoint decodes the video and receives audio, in Vietnamese', async () => {
    host = await newPage(browser, contexts);
    await hostGoesLive(host, t.url, fx);

    for (const endpoint of fx.endpoints) screens.push((await openScreen(endpoint)).page);
    for (const page of screens) {
      await expect.poll(() => page.locator('.tv__title').innerText()).toBe('Học tập, quán triệt Nghị quyết Trung ương');
      await expectDecoding(page, HOST_CAMERA);
      await expect.poll(() => audioPackets(page), { timeout: 15_000 }).toBeGreaterThan(0);
      await expect.poll(() => page.getByTestId('connection').getAttribute('data-state')).toBe('online');
    }
    // Fan-out across workers: the two endpoints are served by both workers.
    const room = broadcastDomain(t.app.ctx).rooms.existing(fx.sessionId)!;
    const slots = new Set(
      room
        .peers()
        .filter((p) => p.identity.role === 'endpoint')
        .map((p) => p.slot),
    );
    expect(slots.size).toBe(2);
    // Speech is protected on lossy commune links: each endpoint's Opus consumer has NACK and in-band FEC.
    for (const peer of room.peers().filter((p) => p.identity.role === 'endpoint')) {
      const audio = [...peer.consumers.values()].find((c) => c.consumer.kind === 'audio')!.consumer;
      const opus = audio.rtpParameters.codecs.find((c) => c.mimeType.toLowerCase() === 'audio/opus')!;
      expect(opus.rtcpFeedback?.map((f) => f.type)).toContain('nack');
      expect(opus.parameters?.useinbandfec).toBe(1);
    }
    // The host's audience table counts both endpoints.
    await expect
      .poll(() => host.getByTestId('audience-totals').innerText(), { timeout: 10_000 })
      .toBe('Đã kết nối 2/2');
  });

  it('the floor given to endpoint 1 reaches the host and endpoint 2; taking it back stops it', async () => {
    const [first, second] = screens as [Page, Page];
    await first.getByTestId('raise-hand').click();
    const hand = host.locator(`li[data-endpoint="${fx.endpoints[0]!.id}"]`);
    await hand.getByRole('button', { name: 'Cho phát biểu' }).click();
    await host.getByTestId('floor-holder').waitFor();

    await expectDecoding(host, 'video[data-source=floor][data-publisher=endpoint]', 25_000);
    await expectDecoding(second, 'video[data-source=camera][data-publisher=endpoint]', 25_000);

    await host.getByTestId('revoke').click();
    await expect.poll(() => host.locator('video[data-publisher=endpoint]').count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => second.locator('video[data-publisher=endpoint]').count(), { timeout: 10_000 }).toBe(0);
    const room = broadcastDomain(t.app.ctx).rooms.existing(fx.sessionId)!;
    expect(room.producers().filter((p) => p.publisher.role === 'endpoint')).toHaveLength(0);
    // Endpoint 2 is back on the host's camera.
    await expectDecoding(second, HOST_CAMERA);
  });

  it('the roll call shows who answered and who did not', async () => {
    await host.getByTestId('start-rollcall').click();
    const [first] = screens as [Page, Page];
    await first.getByRole('button', { name: 'Có mặt' }).click();
    await first.getByTestId('rollcall-done').waitFor();
    await expect
      .poll(() => host.getByTestId('rollcall-answered').innerText(), { timeout: 10_000 })
      .toContain(fx.endpoints[0]!.name);
    expect(await host.getByTestId('rollcall-missing').innerText()).toContain(fx.endpoints[1]!.name);
    expect(await host.getByTestId('rollcall-answered').innerText()).not.toContain(fx.endpoints[1]!.name);
  });

  it('an endpoint offered ICE over TCP only still decodes the video', async () => {
    const { context, page } = await openScreen(fx.endpoints[1]!, '&transport=tcp');
    try {
      await expectDecoding(page, HOST_CAMERA);
      const room = broadcastDomain(t.app.ctx).rooms.existing(fx.sessionId)!;
      const tcpPeers = await Promise.all(
        room.peers().map(async (peer) => {
          const transport = peer.recvTransport();
          const [stats] = transport ? await transport.getStats() : [];
          return stats?.iceSelectedTuple?.protocol;
        }),
      );
      expect(tcpPeers).toContain('tcp');
    } finally {
      await context.close();
    }
  });

  it('an endpoint whose network drops for longer than ICE tolerates decodes again within 10 s of its return', async () => {
    const room = broadcastDomain(t.app.ctx).rooms.existing(fx.sessionId)!;
    const origin = room.originSlot;
    // The endpoint served by the other worker: stopping that worker cuts its media only.
    const index = fx.endpoints.findIndex((e) =>
      room.peers().some((p) => p.identity.subject === e.id && p.slot !== undefined && p.slot !== origin),
    );
    expect(index).toBeGreaterThanOrEqual(0);
    const page = screens[index]!;
    const context = contexts.find((c) => c.pages().includes(page))!;
    const worker = t.app.media.slots[origin === 0 ? 1 : 0]!.worker;

    await context.setOffline(true);
    process.kill(worker.pid, 'SIGSTOP');
    try {
      await expect
        .poll(() => page.getByTestId('connection').getAttribute('data-state'), { timeout: 20_000 })
        .not.toBe('online');
      await new Promise((r) => setTimeout(r, 17_000)); // past ICE's ~15 s: the transport fails and needs a restart
    } finally {
      process.kill(worker.pid, 'SIGCONT');
      await context.setOffline(false);
    }
    await expectDecoding(page, HOST_CAMERA, 10_000);
    await expect
      .poll(() => page.getByTestId('connection').getAttribute('data-state'), { timeout: 10_000 })
      .toBe('online');
  }, 90_000);
});
