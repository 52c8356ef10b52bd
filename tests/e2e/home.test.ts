import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

describe('home page in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    t = await startTestApp();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('is served by the server, in Vietnamese, and routes to the four areas', async () => {
    const page = await browser.newPage();
    await page.goto(t.url);
    await expect.poll(() => page.title()).toContain('Điểm Cầu');
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    await expect.poll(() => page.locator('h1').innerText()).toBe('Điểm Cầu');
    await expect
      .poll(() => page.getByText('Hội nghị trực tuyến học tập, quán triệt nghị quyết').count())
      .toBeGreaterThan(0);
    for (const href of ['/host', '/endpoint', '/member', '/admin']) {
      expect(await page.locator(`a[href="${href}"]`).count()).toBeGreaterThan(0);
    }
    // A deep link loads through the SPA fallback.
    const deep = await page.goto(`${t.url}/member`);
    expect(deep?.status()).toBe(200);
  });
});
