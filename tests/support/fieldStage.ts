import type { Browser, BrowserContext, Page } from 'playwright-core';
import { FAKE_MEDIA_ARGS, launchChromium } from './browser.js';
import { createBroadcastFixture, type BroadcastFixture } from './broadcastFixture.js';
import { HOST_CAMERA, expectDecoding, hostGoesLive, openEndpoint } from './broadcastPages.js';
import {
  installReceiverStats,
  openFieldLink,
  receiverSamples,
  summarise,
  type FieldLink,
  type LinkSettings,
  type ReceiverSummary,
} from './field/index.js';
import { startTestApp, type TestApp } from './testApp.js';

const AUTOPLAY = '--autoplay-policy=no-user-gesture-required';

/**
 * A live session with the host console in an ordinary Chromium and one endpoint TV in a Chromium
 * inside a field link's namespace: the TV reaches the platform only through the impaired link.
 */
export interface FieldStage {
  link: FieldLink;
  t: TestApp;
  fx: BroadcastFixture;
  host: Page;
  tv: Page;
  /** The TV page's address of the platform (the host's address on the link). */
  tvUrl: string;
  /** Signs the host in and goes live (in a test: it polls). */
  goLive(): Promise<void>;
  /** Opens the TV screen (with the receiver-stats sampler) and waits until it decodes the host camera. */
  openTv(query?: string): Promise<void>;
  /** Summary of the TV's receiver samples in [from, to) (epoch ms). */
  summary(from: number, to?: number): Promise<ReceiverSummary>;
  close(): Promise<void>;
}

export async function startFieldStage(settings: LinkSettings = {}): Promise<FieldStage> {
  // The link first: the app announces the addresses that exist when it starts.
  const link = await openFieldLink(settings);
  let t: TestApp | undefined;
  const browsers: Browser[] = [];
  const contexts: BrowserContext[] = [];
  const close = async (): Promise<void> => {
    for (const c of contexts) await c.close().catch(() => undefined);
    for (const b of browsers) await b.close().catch(() => undefined);
    await t?.close();
    await link.close();
  };
  try {
    // Every address, with the default RTC settings: what `npm start` runs.
    t = await startTestApp({}, { listenHost: '0.0.0.0' });
    if (!t.app.ctx.rtc.announced.includes(link.hostAddress))
      throw new Error(`the app does not announce ${link.hostAddress}: ${t.app.ctx.rtc.announced.join(', ')}`);
    const fx = await createBroadcastFixture(t, 1);
    await fx.start();
    const tvUrl = link.url(t.url);
    const hostBrowser = await launchChromium([...FAKE_MEDIA_ARGS, AUTOPLAY]);
    browsers.push(hostBrowser);
    // Plain HTTP to a LAN address, as a hall's TV opens it (not a secure context).
    const tvBrowser = await launchChromium([AUTOPLAY], { executablePath: link.chromiumPath() });
    browsers.push(tvBrowser);
    const hostContext = await hostBrowser.newContext();
    const tvContext = await tvBrowser.newContext();
    contexts.push(hostContext, tvContext);
    const host = await hostContext.newPage();
    const tv = await tvContext.newPage();
    const app = t;
    return {
      link,
      t: app,
      fx,
      host,
      tv,
      tvUrl,
      goLive: () => hostGoesLive(host, app.url, fx),
      async openTv(query = '') {
        await installReceiverStats(tv);
        await openEndpoint(tv, tvUrl, fx, fx.endpoints[0]!, query);
        await expectDecoding(tv, HOST_CAMERA, 30_000);
      },
      async summary(from, to = Date.now()) {
        return summarise((await receiverSamples(tv, from)).filter((s) => s.at < to));
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `check` until it holds or `timeoutMs` passes; answers whether it held. A scenario measures
 * first and asserts after recording its figures, so a run that misses a bound still reports them.
 */
export async function holdsWithin(
  check: () => Promise<boolean>,
  timeoutMs: number,
  intervalMs = 200,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(intervalMs);
  }
}
