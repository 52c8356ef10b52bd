import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devices, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

/** Issue #13 scenario 5: a commune phone on 256 kbit/s must get the member page within this many bytes. */
const MEMBER_FIRST_LOAD_BUDGET = 200_000;

interface Transfer {
  requestId: string;
  url: string;
  status: number;
  type: string;
  encoding: string;
  /** Bytes on the wire: headers and (encoded) body, as Chromium counted them. */
  bytes: number;
}

/**
 * Every request of one page load in a fresh context, with the bytes Chromium received for it (CDP
 * Network.loadingFinished encodedDataLength), until the page has shown `ready` and the network is idle.
 */
async function firstLoad(context: BrowserContext, url: string, ready: (page: Page) => Promise<unknown>) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const pending = new Map<string, Omit<Transfer, 'bytes'>>();
  const done: Transfer[] = [];
  cdp.on('Network.responseReceived', ({ requestId, response }) => {
    const headers = Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k.toLowerCase(), v]));
    pending.set(requestId, {
      requestId,
      url: response.url,
      status: response.status,
      type: String(headers['content-type'] ?? ''),
      encoding: String(headers['content-encoding'] ?? 'identity'),
    });
  });
  cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
    const response = pending.get(requestId);
    if (response) done.push({ ...response, bytes: encodedDataLength });
    pending.delete(requestId);
  });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await page.goto(url);
  await ready(page);
  await page.waitForLoadState('networkidle');
  /** The decoded text of a response of this load. */
  const body = async (t: Transfer): Promise<string> =>
    (await cdp.send('Network.getResponseBody', { requestId: t.requestId })).body;
  return { page, transfers: done, errors, body, total: done.reduce((sum, t) => sum + t.bytes, 0) };
}

function table(transfers: Transfer[]): string {
  return transfers
    .map((t) => `${String(t.bytes).padStart(8)}  ${t.encoding.padEnd(8)} ${t.status} ${new URL(t.url).pathname}`)
    .join('\n');
}

describe('the member page is light on the wire (a phone on a commune link)', () => {
  let t: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    t = await startTestApp();
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  const phone = async (): Promise<BrowserContext> => {
    const context = await browser.newContext({ ...devices['Pixel 7'] });
    contexts.push(context);
    return context;
  };

  // Browsers offer brotli over HTTPS and to localhost only: a phone on the README's plain-HTTP LAN
  // address sends what Chromium sends there, and gets gzip. The budget holds for both.
  const cases: { name: string; encoding: string; headers: Record<string, string> }[] = [
    { name: 'HTTPS or localhost', encoding: 'br', headers: {} },
    { name: 'plain HTTP on the LAN', encoding: 'gzip', headers: { 'Accept-Encoding': 'gzip, deflate' } },
  ];
  it.each(cases)(
    `loads the member page from the endpoint's QR link in at most ${MEMBER_FIRST_LOAD_BUDGET} bytes ($name: $encoding)`,
    async ({ name, encoding, headers }) => {
      const context = await phone();
      await context.setExtraHTTPHeaders(headers);
      const load = await firstLoad(
        context,
        `${t.url}/member?session=00000000-0000-4000-8000-000000000000&endpoint=x&code=ABCDEF`,
        (page) => page.getByTestId('member-number').waitFor(),
      );
      console.log(
        `member page first load (${name}): ${load.total} bytes in ${load.transfers.length} requests\n${table(load.transfers)}`,
      );
      expect(load.errors).toEqual([]);
      expect(await load.page.locator('html').getAttribute('lang')).toBe('vi');
      expect(load.transfers.every((r) => r.status === 200)).toBe(true);
      const scripts = load.transfers.filter((r) => /javascript/.test(r.type));
      expect(scripts.length).toBeGreaterThan(0);
      // HTML, scripts, styles and the icon: every text answer came precompressed.
      const textual = load.transfers.filter((r) => /html|javascript|css|svg/.test(r.type));
      expect(textual.filter((r) => r.encoding !== encoding).map((r) => r.url)).toEqual([]);
      // The member area needs no other area's code: not the media client of the host and endpoint pages.
      for (const script of scripts) expect(await load.body(script), script.url).not.toContain('mediasoup-client');
      expect(load.total).toBeLessThanOrEqual(MEMBER_FIRST_LOAD_BUDGET);
    },
  );

  it('fetches English only when chosen, and a stored choice shows English on the next visit', async () => {
    const context = await phone();
    const load = await firstLoad(context, `${t.url}/member`, (page) => page.getByTestId('member-number').waitFor());
    const english = (transfers: Transfer[]) => transfers.filter((r) => /\/assets\/en-[^/]*\.js$/.test(r.url));
    expect(english(load.transfers)).toEqual([]);
    const chunk = load.page.waitForResponse((r) => /\/assets\/en-[^/]*\.js$/.test(r.url()));
    await load.page.getByRole('button', { name: 'English' }).click();
    expect((await chunk).headers()['content-encoding']).toBe('br');
    await expect.poll(() => load.page.locator('html').getAttribute('lang')).toBe('en');

    // The next visit: main.tsx fetches the stored language before the first render.
    const again = await context.newPage();
    await again.goto(`${t.url}/`);
    await expect
      .poll(() => again.locator('.home__tagline').innerText())
      .toBe('Online conferences for studying and implementing resolutions');
    expect(await again.locator('html').getAttribute('lang')).toBe('en');
  });

  it('every other area still loads its own chunks and shows its first screen, without a page error', async () => {
    // Each area's first screen: a heading or a sign-in form in the routed main element.
    const firstScreen = (page: Page) => page.locator('main h1, main form').first().waitFor();
    const context = await phone();
    for (const path of ['/', '/host', '/endpoint', '/admin']) {
      const load = await firstLoad(context, `${t.url}${path}`, firstScreen);
      console.log(`${path}: ${load.total} bytes in ${load.transfers.length} requests`);
      expect(load.errors, path).toEqual([]);
      await load.page.close();
    }
  });
});
