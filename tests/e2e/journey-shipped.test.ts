import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { FAKE_MEDIA_ARGS, launchChromium } from '../support/browser.js';
import { expectDecoding, HOST_CAMERA, statsAfter } from '../support/broadcastPages.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** The environment a newcomer's shell has: none of the test run's own settings (its Redis, its prefix). */
function newcomerEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(REDIS_|RTC_|TLS_|DATABASE_URL|DATA_DIR|PORT|HOST|NODE_ENV|SEED_DEMO|DIEMCAU_TEST|VITEST|TEST_)/.test(k))
      continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

interface Banner {
  localUrl: string;
  lanUrl: string | undefined;
  admin: { username: string; password: string };
  host: { username: string; password: string };
  sessionId: string;
  pairingLinks: string[];
  members: { memberNumber: string; pin: string }[];
}

function parseBanner(text: string): Banner | undefined {
  if (!text.includes('══════════════════════════\n')) return undefined;
  const host = /Host\s+\S+\/host\?session=(\S+)\s+username "(\S+)"\s+password "(\S+)"/.exec(text);
  const admin = /Admin\s+\S+\s+username "(\S+)"\s+password "(\S+)"/.exec(text);
  const localUrl = /open on this machine:\s+(\S+)/.exec(text)?.[1];
  if (!host || !admin || !localUrl) return undefined;
  return {
    localUrl,
    lanUrl: /open from the LAN:\s+(\S+)/.exec(text)?.[1],
    admin: { username: admin[1]!, password: admin[2]! },
    host: { username: host[2]!, password: host[3]! },
    sessionId: host[1]!,
    pairingLinks: [...text.matchAll(/^ {2}Điểm cầu [^:]+: (http\S+\/endpoint\/pair#key=\S+)$/gm)].map((m) => m[1]!),
    members: [...text.matchAll(/^ {2}(DEMO\d{6}) {2}PIN (\d{6})/gm)].map((m) => ({ memberNumber: m[1]!, pin: m[2]! })),
  };
}

/**
 * The quick start as a newcomer runs it: `npm start`'s own script with its default environment —
 * only a free port, a free port for its private Redis and a fresh data folder — then the whole
 * conference driven through the UI in Chromium, from the start banner alone.
 */
describe('journey: the shipped configuration, from the start banner to the report', () => {
  let server: ChildProcess;
  let output = '';
  let banner: Banner;
  let dataDir: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let host: Page;
  const tvs: Page[] = [];
  let phone: Page;
  let sheetLinks: string[] = [];
  let slipMember: { memberNumber: string; pin: string } = { memberNumber: '', pin: '' };
  let startedAt = 0;
  let checkedInAt = 0;

  const newPage = async (options: Parameters<Browser['newContext']>[0] = {}): Promise<Page> => {
    const context = await browser.newContext(options);
    contexts.push(context);
    return context.newPage();
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(process.env.DIEMCAU_TEST_TMP ?? os.tmpdir(), 'journey-'));
    const env = newcomerEnv({
      PORT: String(await freePort()),
      PRIVATE_REDIS_PORT: String(await freePort()),
      DATA_DIR: dataDir,
    });
    server = spawn('bash', [path.join(ROOT, 'infra/start.sh')], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    server.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    server.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const deadline = Date.now() + 150_000;
    while (!parseBanner(output) && server.exitCode === null && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 250));
    const parsed = parseBanner(output);
    if (!parsed) throw new Error(`npm start printed no banner:\n${output.slice(-4000)}`);
    banner = parsed;
    browser = await launchChromium([...FAKE_MEDIA_ARGS, '--autoplay-policy=no-user-gesture-required']);
  }, 180_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    if (server?.pid && server.exitCode === null) {
      process.kill(-server.pid, 'SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  it('prints where to open it, never announcing 0.0.0.0', () => {
    expect(output).not.toMatch(/announced on: .*0\.0\.0\.0/);
    expect(banner.pairingLinks).toHaveLength(3);
    expect(banner.members.length).toBeGreaterThanOrEqual(3);
  });

  it('the administrator issues the keys of a district’s endpoints and a commune’s PINs, and downloads the endpoint sheet and the PIN slips', async () => {
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1600, height: 1000 } });
    contexts.push(context);
    const admin = await context.newPage();
    admin.on('dialog', (dialog) => void dialog.accept());
    await admin.goto(`${banner.localUrl}/admin`);
    await admin.getByLabel('Tên đăng nhập').fill(banner.admin.username);
    await admin.getByLabel('Mật khẩu').fill(banner.admin.password);
    await admin.getByRole('button', { name: 'Đăng nhập' }).click();
    await admin.getByRole('tab', { name: 'Tổ chức & hội nghị' }).click();
    await admin.getByRole('tab', { name: 'Điểm cầu' }).click();
    await admin.locator('.org-filters select').first().selectOption({ label: 'Thành phố Thái Bình' });
    await expect.poll(() => admin.getByTestId('endpoint-sheet-issue').innerText()).toMatch(/\(\d+ điểm cầu\)/);
    await admin.getByTestId('endpoint-sheet-issue').click();
    await admin.getByTestId('endpoint-sheet-ready').waitFor({ timeout: 20_000 });
    const [download] = await Promise.all([
      admin.waitForEvent('download'),
      admin.getByTestId('endpoint-sheet-download-xlsx').click(),
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await download.path())!);
    const rows = workbook.worksheets[0]!.getSheetValues().slice(2) as unknown[][];
    sheetLinks = rows.map((r) => String(r[4])).slice(0, 3);
    expect(sheetLinks).toHaveLength(3);

    // PINs for the first commune's members, from the members list, as a background job; the slips as XLSX.
    await admin.getByRole('tab', { name: 'Đảng viên' }).click();
    const filters = admin.locator('.org-filters select');
    await filters.nth(0).selectOption({ label: 'Thành phố Thái Bình' });
    await expect.poll(() => filters.nth(1).locator('option').count()).toBeGreaterThan(1);
    await filters.nth(1).selectOption({ index: 1 });
    await expect.poll(() => admin.getByTestId('pin-batch-issue').innerText()).toMatch(/\([1-9]\d* đảng viên\)/);
    // Two members ticked in the list first: a batch of just them.
    const boxes = admin.locator('[data-testid^="member-select-"]');
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await admin.getByTestId('pin-batch-issue-selected').click();
    await expect
      .poll(() => admin.getByTestId('pin-batch-status').innerText(), { timeout: 60_000 })
      .toContain('cho 2 đảng viên');
    // Then the whole commune (which supersedes those two PINs).
    const communeCount = /\((\d+) đảng viên\)/.exec(await admin.getByTestId('pin-batch-issue').innerText())![1];
    await admin.getByTestId('pin-batch-issue').click();
    await expect
      .poll(() => admin.getByTestId('pin-batch-status').innerText(), { timeout: 60_000 })
      .toContain(`cho ${communeCount} đảng viên`);
    expect(await admin.getByTestId('pin-batch-status').getAttribute('data-state')).toBe('done');
    const [slips] = await Promise.all([
      admin.waitForEvent('download'),
      admin.getByTestId('pin-batch-download-xlsx').click(),
    ]);
    const slipBook = new ExcelJS.Workbook();
    await slipBook.xlsx.readFile((await slips.path())!);
    const slip = (slipBook.worksheets[0]!.getSheetValues()[2] as unknown[]).map(String);
    slipMember = { memberNumber: slip[3]!, pin: slip[4]! };
    expect(slipMember.pin).toMatch(/^\d{6}$/);

    // The banner's links of those endpoints were revoked with their old keys.
    const revoked = await admin.request.post(`${banner.localUrl}/api/auth/endpoint/pair`, {
      data: { endpointKey: banner.pairingLinks[0]!.split('#key=')[1] },
    });
    expect(revoked.status()).toBe(401);
  });

  it('three endpoint TVs paired from the sheet’s links wait on standby with the demo session', async () => {
    for (const link of sheetLinks) {
      const tv = await newPage({ viewport: { width: 1280, height: 720 } });
      await tv.goto(link);
      await tv.getByTestId('tv-standby').waitFor({ timeout: 20_000 });
      await expect
        .poll(() => tv.getByTestId('standby-next').innerText(), { timeout: 10_000 })
        .toContain('phiên trình diễn');
      expect(await tv.getByTestId('tv-status').getAttribute('data-status')).toBe('standby');
      // The key left the address bar: the TV keeps its own credential.
      expect(tv.url()).not.toContain('key=');
      tvs.push(tv);
    }
  });

  it('the host signs in, starts the demo session and goes live', async () => {
    host = await newPage();
    await host.goto(`${banner.localUrl}/host?session=${banner.sessionId}`);
    await host.getByLabel('Tên đăng nhập').fill(banner.host.username);
    await host.getByLabel('Mật khẩu').fill(banner.host.password);
    await host.getByRole('button', { name: 'Đăng nhập' }).click();
    // 260 endpoints may be connected, but until the host publishes the console says so.
    await expect.poll(() => host.getByTestId('host-status').getAttribute('data-status')).toBe('idle');
    startedAt = Date.now();
    await host.getByTestId('start-session').click();
    await host.getByTestId('go-live').click();
    await expect
      .poll(() => host.getByTestId('host-status').getAttribute('data-status'), { timeout: 20_000 })
      .toBe('live');
    await expect.poll(() => host.getByText('Đang phát').count(), { timeout: 20_000 }).toBeGreaterThan(0);
  });

  it('the TVs join by themselves, decode the host’s video and receive audio', async () => {
    for (const tv of tvs) await tv.getByTestId('endpoint-screen').waitFor({ timeout: 30_000 });
    for (const tv of tvs) await expectDecoding(tv, HOST_CAMERA, 30_000);
    for (const tv of tvs) expect((await statsAfter(tv, Date.now(), 20_000)).audioPackets).toBeGreaterThan(0);
    for (const tv of tvs) expect(await tv.getByTestId('tv-status').getAttribute('data-status')).toBe('live');
  });

  it('a TV whose browser restarts (power cut) comes back to the live session by itself', async () => {
    const old = tvs[2]!;
    const context = old.context();
    await old.close();
    const again = await context.newPage();
    await again.goto(`${new URL(sheetLinks[2]!).origin}/endpoint`);
    await again.getByTestId('endpoint-screen').waitFor({ timeout: 30_000 });
    await expectDecoding(again, HOST_CAMERA, 30_000);
    tvs[2] = again;
  });

  it('a member on a phone signs in with a PIN, checks in with the code on a TV and answers the question the host launches', async () => {
    const member = slipMember;
    phone = await newPage({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    });
    await phone.goto(`${banner.lanUrl ?? banner.localUrl}/member`);
    await phone.getByTestId('member-number').fill(member.memberNumber);
    await phone.getByTestId('member-pin').fill(member.pin);
    await phone.getByTestId('member-sign-in').click();
    // The member types the session's short code, as read off the host's slide.
    const sessionCode = (await host.getByTestId('session-code').locator('strong').innerText()).trim();
    expect(sessionCode).toMatch(/^\d{6}$/);
    await phone.getByTestId('session-code-input').fill(sessionCode);
    await phone.getByTestId('session-code-submit').click();
    await phone.getByTestId('member-checkin').waitFor();
    // The member's own commune TV: the first endpoints of the demo hold the first members.
    const tv = tvs[0]!;
    await expect
      .poll(() => tv.getByTestId('checkin-code').getAttribute('data-code'), { timeout: 15_000 })
      .toMatch(/^[2-9A-Z]{6}$/);
    const code = (await tv.getByTestId('checkin-code').getAttribute('data-code'))!;
    await phone.getByTestId('checkin-code-input').fill(code);
    await phone.getByTestId('checkin-submit').click();
    await expect
      .poll(() => phone.getByTestId('member-checkin').getAttribute('data-state'), { timeout: 15_000 })
      .toBe('checked-in');
    checkedInAt = Date.now();

    await host.getByTestId('host-quiz').waitFor();
    await host.getByTestId('quiz-launch').first().click();
    await expect
      .poll(() => phone.getByTestId('member-quiz').getAttribute('data-state'), { timeout: 15_000 })
      .toBe('open');
    await phone.getByTestId('quiz-choice-0').click();
    await phone.getByTestId('quiz-sent').waitFor();
  });

  it(
    'the host ends the session; the admin’s session report counts the member present with the answer',
    { timeout: 180_000 },
    async () => {
      // A member attends with at least 80 % of the session (the default share): the session runs on
      // until the check-in covers 85 % of it, as a real conference's early arrivals do.
      const endAt = (checkedInAt - 0.85 * startedAt) / 0.15;
      await new Promise((r) => setTimeout(r, Math.max(0, endAt - Date.now())));
      await host.getByTestId('end-session').click();
      await expect
        .poll(() => host.getByTestId('host-status').getAttribute('data-status'), { timeout: 10_000 })
        .toBe('ended');
      // The TV says the session ended, or is back on standby for the next one.
      for (const tv of tvs)
        await expect
          .poll(
            async () =>
              (await tv.getByText('Phiên họp đã kết thúc').count()) > 0 ||
              ['ended', 'standby'].includes(
                (await tv
                  .getByTestId('tv-status')
                  .getAttribute('data-status', { timeout: 500 })
                  .catch(() => '')) ?? '',
              ),
            { timeout: 20_000 },
          )
          .toBe(true);

      const admin = await newPage({ viewport: { width: 1600, height: 1000 } });
      await admin.goto(`${banner.localUrl}/admin`);
      await admin.getByLabel('Tên đăng nhập').fill(banner.admin.username);
      await admin.getByLabel('Mật khẩu').fill(banner.admin.password);
      await admin.getByRole('button', { name: 'Đăng nhập' }).click();
      await expect
        .poll(
          () =>
            admin
              .locator('#report-session-title')
              .innerText()
              .catch(() => ''),
          { timeout: 20_000 },
        )
        .toContain('phiên trình diễn');
      await expect
        .poll(() => admin.locator('.report-cards').innerText(), { timeout: 20_000 })
        .toMatch(/\b1 \/ 3[.,]?\d{3}\b/);
      expect(await admin.locator('.report-cards').innerText()).toContain('100 %');
    },
  );
});
