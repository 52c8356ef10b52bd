import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { broadcastDomain } from '@diem-cau/server/src/domain/broadcast/BroadcastDomain.js';
import { FAKE_MEDIA_ARGS, launchChromium } from '../support/browser.js';
import { createBroadcastFixture, type BroadcastFixture, type FixtureEndpoint } from '../support/broadcastFixture.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

/** Frames the page's <video> matching `selector` has decoded so far (0 when absent). */
function decodedFrames(page: Page, selector: string): Promise<number> {
  return page.evaluate((sel) => {
    const video = document.querySelector<HTMLVideoElement>(sel);
    return video ? video.getVideoPlaybackQuality().totalVideoFrames : 0;
  }, selector);
}

/** Resolves once the video matching `selector` decodes `frames` more frames than now. */
async function expectDecoding(page: Page, selector: string, timeout = 20_000, frames = 10): Promise<void> {
  let baseline = await decodedFrames(page, selector);
  // A video that is not there yet counts from its first frames.
  await expect.poll(async () => {
    const now = await decodedFrames(page, selector);
    if (now < baseline) baseline = now;
    return now - baseline;
  }, { timeout, interval: 250 }).toBeGreaterThanOrEqual(frames);
}

function audioPackets(page: Page): Promise<number> {
  return page.locator('[data-testid=media-stats]').getAttribute('data-audio-packets').then(Number);
}

describe('live broadcast in Chromium: host, endpoints, floor, roll call, recovery, ICE-TCP', () => {
  let t: TestApp;
  let fx: BroadcastFixture;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let host: Page;
  const screens: Page[] = [];

  async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext();
    contexts.push(context);
    return { context, page: await context.newPage() };
  }

  async function openEndpoint(endpoint: FixtureEndpoint, extra = ''): Promise<{ context: BrowserContext; page: Page }> {
    const opened = await newPage();
    await opened.page.goto(`${t.url}/endpoint?session=${fx.sessionId}&key=${encodeURIComponent(endpoint.key)}${extra}`);
    await opened.page.getByRole('button', { name: 'Vào hội nghị' }).click();
    await opened.page.getByTestId('endpoint-screen').waitFor();
    return opened;
  }

  beforeAll(async () => {
    t = await startTestApp();
    fx = await createBroadcastFixture(t, 2);
    await fx.start();
    browser = await launchChromium([...FAKE_MEDIA_ARGS, '--autoplay-policy=no-user-gesture-required']);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  it('the host goes live and every endpoint decodes the video and receives audio, in Vietnamese', async () => {
    host = (await newPage()).page;
    await host.goto(`${t.url}/host?session=${fx.sessionId}`);
    await host.getByLabel('Tên đăng nhập').fill(fx.hostLogin.username);
    await host.getByLabel('Mật khẩu').fill(fx.hostLogin.password);
    await host.getByRole('button', { name: 'Đăng nhập' }).click();
    await host.getByTestId('go-live').click();
    await expect.poll(() => host.getByText('Đang phát').count(), { timeout: 15_000 }).toBeGreaterThan(0);

    for (const endpoint of fx.endpoints) screens.push((await openEndpoint(endpoint)).page);
    for (const page of screens) {
      await expect.poll(() => page.locator('.tv__title').innerText()).toBe('Học tập, quán triệt Nghị quyết Trung ương');
      await expectDecoding(page, 'video[data-source=camera][data-publisher=host]');
      await expect.poll(() => audioPackets(page), { timeout: 15_000 }).toBeGreaterThan(0);
      await expect.poll(() => page.getByTestId('connection').getAttribute('data-state')).toBe('online');
    }
    // Fan-out across workers: the two endpoints are served by both workers.
    const room = broadcastDomain(t.app.ctx).rooms.existing(fx.sessionId)!;
    const slots = new Set(room.peers().filter((p) => p.identity.role === 'endpoint').map((p) => p.slot));
    expect(slots.size).toBe(2);
    // The host's audience table counts both endpoints.
    await expect.poll(() => host.getByTestId('audience-totals').innerText(), { timeout: 10_000 }).toBe('Đã kết nối 2/2');
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
    await expectDecoding(second, 'video[data-source=camera][data-publisher=host]');
  });

  it('the roll call shows who answered and who did not', async () => {
    await host.getByTestId('start-rollcall').click();
    const [first] = screens as [Page, Page];
    await first.getByRole('button', { name: 'Có mặt' }).click();
    await first.getByTestId('rollcall-done').waitFor();
    await expect.poll(() => host.getByTestId('rollcall-answered').innerText(), { timeout: 10_000 }).toContain(fx.endpoints[0]!.name);
    expect(await host.getByTestId('rollcall-missing').innerText()).toContain(fx.endpoints[1]!.name);
    expect(await host.getByTestId('rollcall-answered').innerText()).not.toContain(fx.endpoints[1]!.name);
  });

  it('an endpoint offered ICE over TCP only still decodes the video', async () => {
    const { context, page } = await openEndpoint(fx.endpoints[1]!, '&transport=tcp');
    try {
      await expectDecoding(page, 'video[data-source=camera][data-publisher=host]');
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
    const index = fx.endpoints.findIndex((e) => room.peers().some((p) => p.identity.subject === e.id && p.slot !== undefined && p.slot !== origin));
    expect(index).toBeGreaterThanOrEqual(0);
    const page = screens[index]!;
    const context = contexts.find((c) => c.pages().includes(page))!;
    const worker = t.app.media.slots[origin === 0 ? 1 : 0]!.worker;

    await context.setOffline(true);
    process.kill(worker.pid, 'SIGSTOP');
    try {
      await expect.poll(() => page.getByTestId('connection').getAttribute('data-state'), { timeout: 20_000 }).not.toBe('online');
      await new Promise((r) => setTimeout(r, 17_000)); // past ICE's ~15 s: the transport fails and needs a restart
    } finally {
      process.kill(worker.pid, 'SIGCONT');
      await context.setOffline(false);
    }
    await expectDecoding(page, 'video[data-source=camera][data-publisher=host]', 10_000);
    await expect.poll(() => page.getByTestId('connection').getAttribute('data-state'), { timeout: 10_000 }).toBe('online');
  }, 90_000);
});
