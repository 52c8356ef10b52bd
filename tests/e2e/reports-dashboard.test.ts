import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { seedReportProvince, type ReportSeed } from '../support/reportSeed.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

/** Canvases Chart.js drew on (some pixel is not transparent). */
function drawnCharts(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      Array.from(document.querySelectorAll('canvas[role="img"]')).filter((c) => {
        const canvas = c as HTMLCanvasElement;
        if (canvas.width === 0 || canvas.height === 0) return false;
        const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
        if (!data) return false;
        for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return true;
        return false;
      }).length,
  );
}

describe('reports dashboard in Chromium', () => {
  let t: TestApp;
  let seed: ReportSeed;
  let browser: Browser;

  beforeAll(async () => {
    t = await startTestApp();
    seed = await seedReportProvince(t.app);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('renders the charts of a seeded session, builds the report with a progress bar, and downloads its exports', async () => {
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${t.url}/admin`);
    await page.getByLabel('Tên đăng nhập').fill(seed.admin.username);
    await page.getByLabel('Mật khẩu').fill(seed.admin.password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();

    await page.getByLabel('Từ ngày').fill('01/03/2026');
    await page.getByLabel('Đến ngày').fill('31/03/2026');
    await expect
      .poll(() => page.locator('#report-session-title').innerText())
      .toContain('Hội nghị học tập Nghị quyết (thử)');
    await expect.poll(() => drawnCharts(page)).toBeGreaterThanOrEqual(2);
    // Seeded figures: 9 of 18 invited members attended; 2 of 3 endpoints connected.
    await expect.poll(() => page.locator('.report-cards').innerText()).toContain('9 / 18');
    expect(await page.locator('.report-cards').innerText()).toContain('2 / 3');
    expect(await page.getByText('Chưa tham dự, chưa học bù (9)').count()).toBe(1);
    // Absentees are counts per cell; a cell opens into a searchable list, dates read dd/mm/yyyy.
    const counts = await page.getByTestId('absentee-count').allInnerTexts();
    expect(counts.reduce((n, c) => n + Number(c), 0)).toBe(9);
    expect(await page.getByTestId('absentee-list').count()).toBe(0);
    await page.getByTestId('absentee-cell').first().click();
    await expect.poll(() => page.getByTestId('absentee-list').locator('li').count()).toBe(Number(counts[0]));
    await page.getByTestId('absentee-search').fill('zzzz-nobody');
    await expect.poll(() => page.getByTestId('absentee-list').locator('li').count()).toBe(0);
    expect(await page.getByLabel('Từ ngày').inputValue()).toBe('01/03/2026');

    // District filter: Huyện Tây has one endpoint, never connected, and 6 absent members.
    await page.getByLabel('Huyện/Thị xã').selectOption({ label: 'Huyện Tây' });
    await expect.poll(() => page.locator('.report-cards').innerText()).toContain('0 / 6');
    await page.getByLabel('Huyện/Thị xã').selectOption({ label: 'Toàn tỉnh' });
    await expect.poll(() => page.locator('.report-cards').innerText()).toContain('9 / 18');

    await page.getByRole('button', { name: 'Lập báo cáo và xuất tệp' }).click();
    const xlsxButton = page.getByTestId('download-xlsx');
    await xlsxButton.waitFor({ timeout: 30_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), xlsxButton.click()]);
    expect(download.suggestedFilename()).toMatch(/^bao-cao-hoi-nghi-.+\.xlsx$/);
    const file = await download.path();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toContain('Vắng - chưa học bù');
    expect(workbook.getWorksheet('Vắng - chưa học bù')?.rowCount).toBe(10);

    const [csvDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('download-csv-absentees').click(),
    ]);
    const csv = readFileSync(await csvDownload.path());
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect((parse(csv.toString('utf8'), { bom: true }) as string[][]).length).toBe(10);

    // The cross-session report draws its charts too.
    await page.getByRole('button', { name: 'Lập báo cáo tổng hợp' }).click();
    await page.getByText('Số hội nghị: 1').waitFor({ timeout: 30_000 });
    await expect.poll(() => drawnCharts(page)).toBeGreaterThanOrEqual(6);

    // Admins see the webhook screen in its own tab.
    await page.getByRole('tab', { name: 'Webhook' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Webhook' }).count()).toBe(1);
    await context.close();
  });
});
