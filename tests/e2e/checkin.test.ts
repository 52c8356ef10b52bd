import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { codeStepsAgo } from '../support/attendanceHelpers.js';
import { launchChromium } from '../support/browser.js';
import { api, buildOrgFixture, loginToken, type OrgFixture } from '../support/orgFixture.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

describe('check-in in Chromium: endpoint code → member phone → host counts', () => {
  let t: TestApp;
  let f: OrgFixture;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let host: Page;
  let endpoint: Page;
  let phone: Page;

  beforeAll(async () => {
    t = await startTestApp();
    f = await buildOrgFixture(t);
    const hostToken = await loginToken(t, '/auth/login', { username: f.host.username, password: f.host.password });
    expect((await api(t, 'POST', `/sessions/${f.sessionId}/start`, undefined, hostToken)).status).toBe(200);
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  const newPage = async (options: Parameters<Browser['newContext']>[0] = {}): Promise<Page> => {
    const context = await browser.newContext(options);
    contexts.push(context);
    return context.newPage();
  };

  it('the host console shows the attendance panel; an endpoint page shows the rotating check-in code', async () => {
    host = await newPage();
    await host.goto(`${t.url}/host?session=${f.sessionId}`);
    await host.getByLabel('Tên đăng nhập').fill(f.host.username);
    await host.getByLabel('Mật khẩu').fill(f.host.password);
    await host.getByRole('button', { name: 'Đăng nhập' }).click();
    await host.getByTestId('attendance-panel').waitFor();
    await expect.poll(() => host.getByTestId('attendance-connected').innerText()).toBe('0 / 2');
    expect(await host.getByTestId('attendance-panel').innerText()).toContain('Tình hình tham dự');

    endpoint = await newPage({ viewport: { width: 1280, height: 720 } });
    await endpoint.goto(`${t.url}/endpoint?session=${f.sessionId}&key=${encodeURIComponent(f.keys.a1)}`);
    await endpoint.getByRole('button', { name: 'Vào hội nghị' }).click();
    await endpoint.getByTestId('checkin-panel').waitFor();
    await expect
      .poll(() => endpoint.getByTestId('checkin-code').getAttribute('data-code'), { timeout: 10_000 })
      .toMatch(/^[2-9A-Z]{6}$/);
    expect(await endpoint.getByTestId('checkin-countdown').innerText()).toMatch(/Mã đổi sau \d+ giây/);
    expect(await endpoint.locator('.checkin-panel__qr').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await expect.poll(() => host.getByTestId('attendance-connected').innerText(), { timeout: 10_000 }).toBe('1 / 2');
    if (process.env.E2E_SCREENSHOTS)
      await endpoint.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/endpoint-checkin.png` });

    // The operator reports the head-count; the host sees it.
    await endpoint.getByTestId('headcount-input').fill('42');
    await endpoint.getByTestId('headcount-submit').click();
    await endpoint.getByTestId('headcount-reported').waitFor();
    await expect.poll(() => host.getByTestId('attendance-headcount').innerText(), { timeout: 10_000 }).toBe('42');
  });

  it('a member on a phone types the code from the endpoint screen and is checked in; the host count changes', async () => {
    phone = await newPage({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    });
    await phone.goto(`${t.url}/member?session=${f.sessionId}`);
    await phone.getByTestId('member-number').fill(f.member.memberNumber);
    await phone.getByTestId('member-pin').fill(f.member.pin);
    await phone.getByTestId('member-sign-in').click();
    await phone.getByTestId('member-checkin').waitFor();
    await expect.poll(() => phone.locator('h1').innerText(), { timeout: 10_000 }).toBe('Phiên thử 1');

    const code = await endpoint.getByTestId('checkin-code').getAttribute('data-code');
    expect(code).toBeTruthy();
    // Typed as a person would read it across the hall: lower case, with the space.
    await phone.getByTestId('checkin-code-input').fill(`${code!.slice(0, 3).toLowerCase()} ${code!.slice(3)}`);
    await phone.getByTestId('checkin-submit').click();
    await phone.getByTestId('checked-in').waitFor({ timeout: 10_000 });
    expect(await phone.getByTestId('checked-in').innerText()).toContain('Đã điểm danh tại Điểm cầu A1');
    await expect.poll(() => host.getByTestId('attendance-checked-in').innerText(), { timeout: 10_000 }).toBe('1');
    if (process.env.E2E_SCREENSHOTS) {
      await phone.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/member-checked-in.png` });
      await host
        .getByTestId('attendance-panel')
        .screenshot({ path: `${process.env.E2E_SCREENSHOTS}/host-attendance.png` });
    }
    const rows = await t.app.db.selectFrom('checkins').selectAll().where('session_id', '=', f.sessionId).execute();
    expect(rows).toMatchObject([{ member_id: f.member.id, endpoint_id: f.endpoints.a1, checked_out_at: null }]);
  });

  it('a stale code is refused with a clear message, and nothing changes', async () => {
    const stale = codeStepsAgo(t, f.sessionId, f.endpoints.a1, 3);
    await phone.getByTestId('checkin-code-input').fill(stale);
    await phone.getByTestId('checkin-submit').click();
    const problem = phone.getByTestId('checkin-problem');
    await problem.waitFor({ timeout: 10_000 });
    expect(await problem.getAttribute('data-problem')).toBe('expired');
    expect(await problem.innerText()).toContain('Mã đã hết hạn');
    await phone.getByTestId('checkin-code-input').fill('ZZZZZZ');
    await phone.getByTestId('checkin-submit').click();
    await expect.poll(() => problem.getAttribute('data-problem')).toBe('invalid');
    expect(await phone.getByTestId('checked-in').count()).toBe(1);
    expect(
      (await t.app.db.selectFrom('checkins').selectAll().where('session_id', '=', f.sessionId).execute()).length,
    ).toBe(1);
    expect(await host.getByTestId('attendance-checked-in').innerText()).toBe('1');
  });
});
