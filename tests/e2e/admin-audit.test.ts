import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthResponse, MemberPage } from '@diem-cau/shared';
import { seedDemoProvince, type DemoCredentials } from '@diem-cau/server/src/demo/demoSeed.js';
import { pinHashes } from '@diem-cau/server/src/auth/pinHashes.js';
import { launchChromium } from '../support/browser.js';
import { api } from '../support/orgFixture.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

/** The admin edits a member, then finds the edit in the audit log panel, in Vietnamese and English. */
describe('admin audit log panel in Chromium', () => {
  let t: TestApp;
  let demo: DemoCredentials;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    t = await startTestApp();
    const seeded = await seedDemoProvince(t.app.db, pinHashes(t.app.ctx), t.app.ctx.log);
    if (!seeded) throw new Error('demo province not seeded');
    demo = seeded;
    browser = await launchChromium();
    context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
    });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await t?.close();
  });

  it('shows a member edit with who, the action in words and the change, and filters by action', async () => {
    const login = await api<AuthResponse>(t, 'POST', '/auth/login', {
      username: demo.admin.username,
      password: demo.admin.password,
    });
    const token = login.body.token;
    const members = await api<MemberPage>(t, 'GET', '/org/members?limit=1', undefined, token);
    const member = members.body.items[0]!;
    const edited = await api(t, 'PATCH', `/org/members/${member.id}`, { phone: '0987654321' }, token);
    expect(edited.status).toBe(200);

    await page.goto(`${t.url}/admin`);
    await page.getByLabel('Tên đăng nhập').fill(demo.admin.username);
    await page.getByLabel('Mật khẩu').fill(demo.admin.password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('tab', { name: 'Nhật ký thay đổi' }).click();
    await page.getByRole('heading', { name: 'Nhật ký thay đổi' }).waitFor();

    const row = page.locator('tr[data-action="member.update"]');
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('Sửa thông tin đảng viên');
    const text = (await row.textContent()) ?? '';
    expect(text).toContain(login.body.identity.displayName ?? '');
    expect(text).toContain('Điện thoại');
    expect(text).toContain('0987654321');
    // vi-VN time: dd/mm/yyyy
    expect(text).toMatch(/\d{2}\/\d{2}\/\d{4}/);

    await page.getByLabel('Hành động').selectOption('session.start');
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await page.getByText('Không có mục nào.').waitFor();
    await page.getByLabel('Hành động').selectOption('member');
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await row.waitFor();
  });
});
