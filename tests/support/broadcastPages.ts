import { expect } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { FAKE_MEDIA_ARGS, launchChromium } from './browser.js';
import { createBroadcastFixture, type BroadcastFixture, type FixtureEndpoint } from './broadcastFixture.js';
import { startTestApp, type TestApp } from './testApp.js';

/** A live session on a real app with `endpointCount` invited endpoints, and a Chromium with fake media. */
export interface BroadcastStage {
  t: TestApp;
  fx: BroadcastFixture;
  browser: Browser;
  /** Every context opened through `newPage`, closed by `close`. */
  contexts: BrowserContext[];
  close(): Promise<void>;
}

export async function startBroadcastStage(endpointCount: number): Promise<BroadcastStage> {
  const t = await startTestApp();
  const fx = await createBroadcastFixture(t, endpointCount);
  await fx.start();
  // The fake media flags also answer getDisplayMedia with a fake screen, without a picker.
  const browser = await launchChromium([...FAKE_MEDIA_ARGS, '--autoplay-policy=no-user-gesture-required']);
  const contexts: BrowserContext[] = [];
  return {
    t,
    fx,
    browser,
    contexts,
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
      await t.close();
    },
  };
}

/** Frames the page's <video> matching `selector` has decoded so far (0 when absent). */
export function decodedFrames(page: Page, selector: string): Promise<number> {
  return page.evaluate((sel) => {
    const video = document.querySelector<HTMLVideoElement>(sel);
    return video ? video.getVideoPlaybackQuality().totalVideoFrames : 0;
  }, selector);
}

/** Resolves once the video matching `selector` decodes `frames` more frames than now (a new element counts from its first frame). */
export async function expectDecoding(page: Page, selector: string, timeout = 20_000, frames = 10): Promise<void> {
  let baseline = await decodedFrames(page, selector);
  await expect
    .poll(
      async () => {
        const now = await decodedFrames(page, selector);
        if (now < baseline) baseline = now;
        return now - baseline;
      },
      { timeout, interval: 250 },
    )
    .toBeGreaterThanOrEqual(frames);
}

/** The receive statistics the page's media client last sampled (every few seconds, from getStats). */
export interface PageMediaStats {
  frames: number;
  audioPackets: number;
  at: number;
}

export async function mediaStats(page: Page): Promise<PageMediaStats> {
  const stats = page.getByTestId('media-stats');
  const [frames, audioPackets, at] = await Promise.all(
    ['data-frames', 'data-audio-packets', 'data-at'].map((name) => stats.getAttribute(name)),
  );
  return { frames: Number(frames), audioPackets: Number(audioPackets), at: Number(at) };
}

/** Waits for the first stats sample taken after `after` (epoch ms, the page's clock is this machine's). */
export async function statsAfter(page: Page, after: number, timeout = 15_000): Promise<PageMediaStats> {
  await expect.poll(async () => (await mediaStats(page)).at, { timeout, interval: 250 }).toBeGreaterThan(after);
  return mediaStats(page);
}

/** A fresh browser context and page (own cookies and storage, like another machine). */
export async function newPage(browser: Browser, contexts: BrowserContext[]): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  return context.newPage();
}

/** Signs the host in on the console of the fixture's session and goes live. */
export async function hostGoesLive(page: Page, url: string, fx: BroadcastFixture): Promise<void> {
  await page.goto(`${url}/host?session=${fx.sessionId}`);
  const login = page.getByLabel('Tên đăng nhập');
  // Once, in a fresh-clone run, the console's sign-in form had not appeared 30 s after the page was
  // opened (not reproduced since). Say what the page showed, then open it once more.
  if (
    !(await login.waitFor({ timeout: 15_000 }).then(
      () => true,
      () => false,
    ))
  ) {
    const shown = await page.evaluate(() => document.body.innerText.slice(0, 300)).catch(() => '(unreadable)');
    console.warn(`host console: no sign-in form 15 s after opening ${page.url()}; it showed: ${shown}`);
    await page.reload();
  }
  await login.fill(fx.hostLogin.username);
  await page.getByLabel('Mật khẩu').fill(fx.hostLogin.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByTestId('go-live').click();
  await expect.poll(() => page.getByText('Đang phát').count(), { timeout: 15_000 }).toBeGreaterThan(0);
}

/** Opens the endpoint's TV screen with its key and joins; `query` adds URL options (e.g. `&transport=tcp`). */
export async function openEndpoint(
  page: Page,
  url: string,
  fx: BroadcastFixture,
  endpoint: FixtureEndpoint,
  query = '',
): Promise<void> {
  await page.goto(`${url}/endpoint?session=${fx.sessionId}&key=${encodeURIComponent(endpoint.key)}${query}`);
  await page.getByRole('button', { name: 'Vào hội nghị' }).click();
  await page.getByTestId('endpoint-screen').waitFor();
}

export const HOST_CAMERA = 'video[data-source=camera][data-publisher=host]';
export const SCREEN = 'video[data-source=screen]';
