import type { Browser, BrowserContext, Dialog, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoProvince, type DemoCredentials } from '@diem-cau/server/src/demo/demoSeed.js';
import { pinHashes } from '@diem-cau/server/src/auth/pinHashes.js';
import { launchChromium } from '../support/browser.js';
import { loginToken } from '../support/orgFixture.js';
import { connectSocket, type TestSocket } from '../support/socketClient.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

const PDF = Buffer.concat([
  Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n'),
  Buffer.alloc(2000, 0x20),
]);
const TITLE = 'Hội nghị học tập Nghị quyết số 57 (thử nghiệm e2e)';
const BOM = '\uFEFF';
const HEADER = 'Họ và tên,Số thẻ đảng viên,Giới tính,Năm sinh,Điện thoại,Ngày vào Đảng,Mã chi bộ';
const csv = (lines: string[]): Buffer => Buffer.from(BOM + [HEADER, ...lines].join('\r\n') + '\r\n', 'utf8');

/**
 * The admin's organisation and sessions screens in Chromium on the demo province: schedule a session,
 * invite a district, upload the resolution, import members (a bad file first), edit a member, see
 * a delete refused because attendance evidence points at the endpoint, archive it instead and restore it.
 */
describe('admin organisation & sessions screens in Chromium', () => {
  let t: TestApp;
  let demo: DemoCredentials;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let sessionId = '';
  const sockets: TestSocket[] = [];
  const db = () => t.app.db;
  const memberCount = async () =>
    Number(
      (
        await db()
          .selectFrom('members')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const acceptNextDialog = (expected: string) =>
    new Promise<string>((resolve) => {
      page.once('dialog', (dialog) => {
        const message = dialog.message();
        void dialog.accept().then(() => resolve(message));
      });
    }).then((message) => expect(message).toContain(expected));
  /** Answers the next dialogs in order (accept or dismiss), each expected to mention its text. */
  const answerDialogs = (answers: Array<{ expected: string; accept: boolean }>) =>
    new Promise<void>((resolve) => {
      const queue = [...answers];
      const onDialog = (dialog: Dialog): void => {
        const next = queue.shift()!;
        expect(dialog.message()).toContain(next.expected);
        void (next.accept ? dialog.accept() : dialog.dismiss()).then(() => {
          if (queue.length > 0) return;
          page.off('dialog', onDialog);
          resolve();
        });
      };
      page.on('dialog', onDialog);
    });

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
    for (const s of sockets) s.close();
    await context?.close();
    await browser?.close();
    await t?.close();
  });

  it('signs in and schedules a session with its resolution, times (vi-VN) and threshold', async () => {
    await page.goto(`${t.url}/admin`);
    await page.getByLabel('Tên đăng nhập').fill(demo.admin.username);
    await page.getByLabel('Mật khẩu').fill(demo.admin.password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('tab', { name: 'Tổ chức & hội nghị' }).click();
    await page.getByTestId('org-admin').waitFor();

    await page.getByText('Lên lịch hội nghị mới').click();
    const form = page.getByRole('form', { name: 'Lên lịch hội nghị mới' });
    await form.getByLabel('Tiêu đề').fill(TITLE);
    await form.getByLabel('Nghị quyết').fill('Nghị quyết số 57-NQ/TW về đột phá phát triển khoa học, công nghệ');
    await form.getByLabel('Bắt đầu: ngày (dd/mm/yyyy)').fill('15/06/2030');
    await form.getByLabel('Bắt đầu: giờ (hh:mm)').fill('08:00');
    await form.getByLabel('Kết thúc: ngày (dd/mm/yyyy)').fill('31/06/2030');
    await form.getByLabel('Kết thúc: giờ (hh:mm)').fill('07:00');
    await form.getByRole('button', { name: 'Tạo hội nghị' }).click();
    await expect
      .poll(() => form.getByRole('alert').innerText())
      .toBe('Ngày giờ chưa hợp lệ: ghi ngày dd/mm/yyyy và giờ hh:mm (24 giờ).');
    await form.getByLabel('Kết thúc: ngày (dd/mm/yyyy)').fill('15/06/2030');
    await form.getByRole('button', { name: 'Tạo hội nghị' }).click();
    await expect.poll(() => form.getByRole('alert').innerText()).toBe('Giờ kết thúc phải sau giờ bắt đầu.');
    await form.getByLabel('Kết thúc: giờ (hh:mm)').fill('11:30');
    // The typed times are read back in full, in Vietnamese.
    expect(await form.innerText()).toContain('08:00 Thứ Bảy, 15/06/2030');
    expect(await form.innerText()).toContain('11:30 Thứ Bảy, 15/06/2030');
    await form.getByLabel('Tỷ lệ dự tối thiểu (%)').fill('75');
    await form.getByRole('button', { name: 'Tạo hội nghị' }).click();

    const detail = page.getByTestId('session-detail');
    await expect.poll(() => detail.getByRole('heading').innerText()).toBe(TITLE);
    expect(await detail.innerText()).toContain('Đã lên lịch');
    const row = await db().selectFrom('sessions').selectAll().where('title', '=', TITLE).executeTakeFirstOrThrow();
    sessionId = row.id;
    expect(row).toMatchObject({
      status: 'scheduled',
      scheduled_start: '2030-06-15T01:00:00.000Z',
      scheduled_end: '2030-06-15T04:30:00.000Z',
      attendance_threshold: 0.75,
    });
  });

  it('invites one district and shows the invited count', async () => {
    const detail = page.getByTestId('session-detail');
    await expect.poll(() => detail.getByTestId('invited-count').innerText()).toBe('Đã mời 0 / 260 điểm cầu');
    await detail.getByLabel(/Thành phố Thái Bình/).check();
    await detail.getByRole('button', { name: 'Mời 1 huyện đã chọn' }).click();
    await expect.poll(() => detail.getByTestId('invited-count').innerText()).toBe('Đã mời 19 / 260 điểm cầu');
    const invited = await db()
      .selectFrom('session_invites')
      .select('endpoint_id')
      .where('session_id', '=', sessionId)
      .execute();
    expect(invited).toHaveLength(19);
    expect(invited.map((i) => i.endpoint_id)).toContain(demo.endpointKeys[0]?.endpointId);
    // The sessions table shows the new count too.
    await expect.poll(() => page.locator('tr', { hasText: TITLE }).innerText()).toContain('19');
  });

  it('uploads the resolution as a PDF (and refuses a text file with a Vietnamese message)', async () => {
    const detail = page.getByTestId('session-detail');
    await detail
      .getByTestId('document-file')
      .setInputFiles({ name: 'nghi-quyet-57.txt', mimeType: 'application/pdf', buffer: Buffer.from('không phải PDF') });
    await detail.getByRole('button', { name: 'Tải lên' }).click();
    await expect.poll(() => detail.getByRole('alert').innerText()).toContain('Nghị quyết phải là PDF');

    await detail
      .getByTestId('document-file')
      .setInputFiles({ name: 'nghi-quyet-57.pdf', mimeType: 'application/pdf', buffer: PDF });
    await detail.getByRole('button', { name: 'Tải lên' }).click();
    await expect.poll(() => detail.getByTestId('documents-list').innerText()).toContain('nghi-quyet-57');
    expect(await detail.getByTestId('documents-list').innerText()).toContain('Nghị quyết (PDF)');
    const docs = await db()
      .selectFrom('session_documents')
      .select(['kind', 'mime_type', 'size_bytes'])
      .where('session_id', '=', sessionId)
      .execute();
    expect(docs).toEqual([{ kind: 'resolution', mime_type: 'application/pdf', size_bytes: PDF.length }]);
  });

  it('starts the session after confirmation; an invited endpoint connects (attendance on record)', async () => {
    const detail = page.getByTestId('session-detail');
    const confirmed = acceptNextDialog('19 điểm cầu');
    await detail.getByRole('button', { name: 'Bắt đầu', exact: true }).click();
    await confirmed;
    await expect.poll(() => detail.innerText()).toContain('Đang diễn ra');
    expect(await detail.getByRole('button', { name: 'Kết thúc', exact: true }).count()).toBe(1);

    const sample = demo.endpointKeys[0] as DemoCredentials['endpointKeys'][number];
    const token = await loginToken(t, '/auth/endpoint', { endpointKey: sample.key, sessionId });
    const socket = await connectSocket(t.url, { token });
    sockets.push(socket);
    expect((await socket.emitWithAck('session:join', { sessionId })).ok).toBe(true);
    const intervals = await db()
      .selectFrom('attendance_intervals')
      .select('endpoint_id')
      .where('session_id', '=', sessionId)
      .execute();
    expect(intervals.map((i) => i.endpoint_id)).toEqual([sample.endpointId]);
  });

  it('imports members: a file with a bad row lists it and imports nothing; the corrected file imports', async () => {
    const cell = await db()
      .selectFrom('org_units')
      .select(['code', 'name'])
      .where('kind', '=', 'cell')
      .orderBy('code')
      .executeTakeFirstOrThrow();
    const before = await memberCount();
    await page.getByRole('tab', { name: 'Nhập / xuất tệp' }).click();
    await page.getByTestId('import-file').setInputFiles({
      name: 'dang-vien.csv',
      mimeType: 'text/csv',
      buffer: csv([
        `Đỗ Thị Mai,E2E00001,Nữ,1979,0912345678,19/05/2003,${cell.code}`,
        `Vũ Văn Hùng,E2E00002,Không rõ,1985,,,${cell.code}`,
      ]),
    });
    await page.getByTestId('import-submit').click();
    const errors = page.getByTestId('import-errors');
    await errors.waitFor();
    expect(await errors.innerText()).toContain('Tệp dang-vien.csv có lỗi nên chưa nhập dòng nào.');
    const rows = await errors.locator('tbody tr').allInnerTexts();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.split('\t').map((c) => c.trim())).toEqual(['3', 'Giới tính', 'giới tính phải là Nam hoặc Nữ']);
    expect(await memberCount()).toBe(before);

    await page.getByTestId('import-file').setInputFiles({
      name: 'dang-vien-da-sua.csv',
      mimeType: 'text/csv',
      buffer: csv([
        `Đỗ Thị Mai,E2E00001,Nữ,1979,0912345678,19/05/2003,${cell.code}`,
        `Vũ Văn Hùng,E2E00002,Nam,1985,,,${cell.code}`,
      ]),
    });
    await page.getByTestId('import-submit').click();
    await expect
      .poll(() => page.getByTestId('import-result').innerText())
      .toBe('Đã nhập 2 dòng: thêm mới 2, cập nhật 0.');
    expect(await page.getByTestId('import-errors').count()).toBe(0);
    expect(await memberCount()).toBe(before + 2);
  });

  it("finds a member among thousands and edits the member's phone", async () => {
    await page.getByRole('tab', { name: 'Đảng viên' }).click();
    await expect
      .poll(() => page.getByTestId('pager-range').innerText())
      .toBe(`1–50 trong ${(demo.counts.members + 2).toLocaleString('vi-VN')}`);
    await page.getByLabel('Tìm theo họ tên hoặc số thẻ').fill('E2E00002');
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await expect.poll(() => page.getByTestId('members-total').innerText()).toBe('1 đảng viên');
    await page.getByRole('button', { name: 'Sửa thông tin Vũ Văn Hùng' }).click();
    const form = page.getByRole('form', { name: 'Sửa thông tin Vũ Văn Hùng' });
    await form.getByLabel('Điện thoại').fill('12345');
    await form.getByRole('button', { name: 'Lưu' }).click();
    await expect.poll(() => form.getByRole('alert').innerText()).toBe('Thông tin chưa hợp lệ. (Điện thoại)');
    await form.getByLabel('Điện thoại').fill('0987 654 321');
    await form.getByLabel('Ngày vào Đảng').fill('02/09/2010');
    await form.getByRole('button', { name: 'Lưu' }).click();
    await expect.poll(() => page.getByTestId('member-row-E2E00002').innerText()).toContain('0987654321');
    const saved = await db()
      .selectFrom('members')
      .select(['phone', 'joined_on'])
      .where('member_number', '=', 'E2E00002')
      .executeTakeFirstOrThrow();
    expect(saved).toEqual({ phone: '0987654321', joined_on: '2010-09-02' });
  });

  it('refuses to delete an endpoint with attendance records, with the reason in Vietnamese', async () => {
    const sample = demo.endpointKeys[0] as DemoCredentials['endpointKeys'][number];
    await page.getByRole('tab', { name: 'Điểm cầu' }).click();
    await page.getByLabel('Tìm theo tên điểm cầu hoặc xã').fill(sample.name);
    // The delete is confirmed, then archiving is offered instead; declined here.
    const answered = answerDialogs([
      { expected: sample.name, accept: true },
      { expected: 'Lưu trữ điểm cầu này thay vì xóa?', accept: false },
    ]);
    await page.getByRole('button', { name: `Xóa điểm cầu ${sample.name}`, exact: true }).click();
    await answered;
    await expect
      .poll(() => page.getByTestId('endpoints-error').innerText())
      .toBe(
        `${sample.name}: Không thể xóa điểm cầu này: điểm cầu đã được mời dự hội nghị hoặc có dữ liệu điểm danh, các bản ghi đó được giữ làm bằng chứng.`,
      );
    expect(
      await db().selectFrom('endpoints').select('id').where('id', '=', sample.endpointId).executeTakeFirst(),
    ).toBeDefined();
    expect(
      await db()
        .selectFrom('attendance_intervals')
        .select('endpoint_id')
        .where('endpoint_id', '=', sample.endpointId)
        .executeTakeFirst(),
    ).toBeDefined();
  });

  it('archives that endpoint instead when offered, shows it under "archived" and restores it', async () => {
    const sample = demo.endpointKeys[0] as DemoCredentials['endpointKeys'][number];
    const archivedAt = async () =>
      (await db().selectFrom('endpoints').select('archived_at').where('id', '=', sample.endpointId).executeTakeFirst())
        ?.archived_at;
    const answered = answerDialogs([
      { expected: sample.name, accept: true },
      { expected: 'Lưu trữ điểm cầu này thay vì xóa?', accept: true },
    ]);
    await page.getByRole('button', { name: `Xóa điểm cầu ${sample.name}`, exact: true }).click();
    await answered;
    await expect
      .poll(() => page.getByTestId('endpoints-status').innerText())
      .toBe(`Đã lưu trữ điểm cầu ${sample.name}.`);
    expect(await archivedAt()).toEqual(expect.any(String));
    await expect.poll(() => page.getByTestId(`endpoint-row-${sample.endpointId}`).count()).toBe(0);

    await page.getByTestId('endpoints-archived-filter').selectOption('only');
    const row = page.getByTestId(`endpoint-row-${sample.endpointId}`);
    await expect.poll(() => row.innerText()).toContain('đã lưu trữ');
    await page.getByRole('button', { name: `Khôi phục điểm cầu ${sample.name}`, exact: true }).click();
    await expect
      .poll(() => page.getByTestId('endpoints-status').innerText())
      .toContain(`Đã khôi phục điểm cầu ${sample.name}`);
    expect(await archivedAt()).toBeNull();
  });
});
