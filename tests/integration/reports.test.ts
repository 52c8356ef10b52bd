import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RangeReport, ReportInfo, SessionReport } from '@diem-cau/shared';
import { jobRuntime } from '@diem-cau/server/src/jobs/module.js';
import { api, waitFor } from '../support/http.js';
import { addLateCheckin, seedReportProvince, type ReportSeed } from '../support/reportSeed.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

describe('reports through BullMQ jobs', () => {
  let t: TestApp;
  let seed: ReportSeed;

  beforeAll(async () => {
    t = await startTestApp();
    seed = await seedReportProvince(t.app);
  });
  afterAll(async () => t?.close());

  const waitDone = (id: string, token = seed.adminToken): Promise<ReportInfo> =>
    waitFor(async () => {
      const r = await api<ReportInfo>(t.url, 'GET', `/api/reports/${id}`, token);
      if (r.body.status === 'failed') throw new Error(`report failed: ${r.body.error}`);
      return r.body.status === 'done' ? r.body : undefined;
    });

  it('refuses callers without the right role or session, and malformed input, with codes', async () => {
    const path = `/api/reports/sessions/${seed.sessionId}`;
    expect((await api(t.url, 'POST', path)).status).toBe(401);
    const member = await t.app.tokens.sign({ subject: seed.members[0] ?? '', role: 'member' });
    expect(await api(t.url, 'POST', path, member)).toMatchObject({
      status: 403,
      body: { error: { code: 'FORBIDDEN' } },
    });
    expect(await api(t.url, 'POST', path, seed.otherHostToken)).toMatchObject({
      status: 403,
      body: { error: { code: 'FORBIDDEN' } },
    });
    expect(await api(t.url, 'POST', '/api/reports/sessions/not-a-uuid', seed.adminToken)).toMatchObject({
      status: 400,
      body: { error: { code: 'BAD_REQUEST' } },
    });
    expect(await api(t.url, 'POST', path, seed.adminToken, { districtId: 'x', extra: 1 })).toMatchObject({
      status: 400,
      body: { error: { code: 'BAD_REQUEST' } },
    });
    expect(await api(t.url, 'POST', `/api/reports/sessions/${crypto.randomUUID()}`, seed.adminToken)).toMatchObject({
      status: 404,
      body: { error: { code: 'NOT_FOUND' } },
    });
    expect(await api(t.url, 'GET', '/api/reports/report.session.x.zz', seed.adminToken)).toMatchObject({ status: 400 });
    expect(
      await api(t.url, 'POST', '/api/reports/range', seed.adminToken, {
        from: '2026-03-02T00:00:00Z',
        to: '2026-03-01T00:00:00Z',
      }),
    ).toMatchObject({ status: 400 });
    expect(
      await api(t.url, 'POST', '/api/reports/range', seed.hostToken, {
        from: '2026-03-01T00:00:00Z',
        to: '2026-03-31T00:00:00Z',
      }),
    ).toMatchObject({ status: 403 });
    // Nothing was stored by the refused requests.
    expect(await t.app.db.selectFrom('reports').select('id').execute()).toEqual([]);
  });

  it('builds a report asked for twice only once, with progress, and keeps its result', async () => {
    const path = `/api/reports/sessions/${seed.sessionId}`;
    const [a, b] = await Promise.all([
      api<ReportInfo>(t.url, 'POST', path, seed.hostToken),
      api<ReportInfo>(t.url, 'POST', path, seed.adminToken),
    ]);
    expect(a.status).toBe(202);
    expect(b.body.id).toBe(a.body.id);
    expect(a.body.id).toMatch(new RegExp(`^report\\.session\\.${seed.sessionId}\\.[a-f0-9]{16}$`));
    const done = await waitDone(a.body.id);
    expect(done).toMatchObject({ status: 'done', progress: 100, runs: 1, error: null });
    expect(done.files.map((f) => `${f.format}:${f.table}`).sort()).toEqual([
      'csv:absentees',
      'csv:endpoints',
      'csv:link_outages',
      'csv:link_quality',
      'csv:members',
      'csv:quiz',
      'csv:summary',
      'xlsx:',
    ]);

    const again = await api<ReportInfo>(t.url, 'POST', path, seed.adminToken);
    expect(again.body).toMatchObject({ id: a.body.id, status: 'done', runs: 1 });
    const job = await jobRuntime(t.app.ctx).queues.reports.getJob(a.body.id);
    expect(job?.progress).toBe(100);
    expect(
      await jobRuntime(t.app.ctx).queues.reports.getJobCounts('completed', 'failed', 'waiting', 'active'),
    ).toMatchObject({ completed: 1, failed: 0, waiting: 0, active: 0 });

    const result = await api<SessionReport>(t.url, 'GET', `/api/reports/${a.body.id}/result`, seed.hostToken);
    expect(result.body.summary).toMatchObject({
      invitedEndpoints: 3,
      connectedEndpoints: 2,
      invitedMembers: 18,
      checkedInMembers: 12,
      attendedMembers: 9,
      attendanceRate: 0.5,
      headcountLatestTotal: 45,
    });
    const binh = result.body.endpoints.find((e) => e.endpointName === 'Điểm cầu Xã Bình');
    expect(binh).toMatchObject({ connectedMs: 110 * 60_000, reconnects: 1, headcountMax: 20 });
    expect(result.body.absentees.map((g) => [g.cellName, g.members.length])).toEqual([
      ['Chi bộ 2 — Xã Bình', 3],
      ['Chi bộ 1 — Xã Cường', 3],
      ['Chi bộ 2 — Xã Cường', 3],
    ]);
    // Another host may not read it.
    expect((await api(t.url, 'GET', `/api/reports/${a.body.id}/result`, seed.otherHostToken)).status).toBe(403);
  });

  it('serves the XLSX and CSV exports, whose rows match the result', async () => {
    const info = (await api<ReportInfo>(t.url, 'POST', `/api/reports/sessions/${seed.sessionId}`, seed.adminToken))
      .body;
    const result = (await api<SessionReport>(t.url, 'GET', `/api/reports/${info.id}/result`, seed.adminToken)).body;

    const csv = await api(t.url, 'GET', `/api/reports/${info.id}/export.csv?table=absentees`, seed.adminToken);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename=".+-absentees\.csv"/);
    expect([...csv.raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(csv.raw.toString('utf8'), { bom: true }) as string[][];
    expect(rows[0]).toEqual(['Huyện/Thị xã', 'Xã/Phường', 'Chi bộ', 'Số thẻ đảng viên', 'Họ và tên', 'Số phút có mặt']);
    expect(rows.slice(1).map((r) => r[4])).toEqual(result.absentees.flatMap((g) => g.members.map((m) => m.fullName)));
    expect(
      rows
        .slice(1)
        .filter((r) => r[2] === 'Chi bộ 2 — Xã Bình')
        .map((r) => r[5]),
    ).toEqual(['90', '90', '90']);

    const xlsx = await api(t.url, 'GET', `/api/reports/${info.id}/export.xlsx`, seed.adminToken);
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.raw as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual([
      'Tổng hợp',
      'Điểm cầu',
      'Đảng viên',
      'Vắng - chưa học bù',
      'Kiểm tra nhận thức',
      'Chất lượng đường truyền',
      'Mất kết nối',
    ]);
    const sheet = workbook.getWorksheet('Đảng viên');
    const names: string[] = [];
    sheet?.eachRow((row, i) => {
      if (i > 1) names.push(String(row.getCell(2).value));
    });
    expect(names).toEqual(result.members.map((m) => m.fullName));
    expect(sheet?.getRow(1).getCell(11).value).toBe('Tham dự');

    expect(await api(t.url, 'GET', `/api/reports/${info.id}/export.csv?table=nope`, seed.adminToken)).toMatchObject({
      status: 404,
    });
    expect(await api(t.url, 'GET', `/api/reports/${info.id}/export.csv?table=../x`, seed.adminToken)).toMatchObject({
      status: 400,
    });
  });

  it('makes a new version when the evidence changes', async () => {
    const before = (await api<ReportInfo>(t.url, 'POST', `/api/reports/sessions/${seed.sessionId}`, seed.adminToken))
      .body;
    await addLateCheckin(t.app, seed, 15);
    const after = (await api<ReportInfo>(t.url, 'POST', `/api/reports/sessions/${seed.sessionId}`, seed.adminToken))
      .body;
    expect(after.id).not.toBe(before.id);
    await waitDone(after.id);
    const result = (await api<SessionReport>(t.url, 'GET', `/api/reports/${after.id}/result`, seed.adminToken)).body;
    expect(result.summary.checkedInMembers).toBe(13);
  });

  it('builds the cross-session report by district, gender and age group', async () => {
    const requested = await api<ReportInfo>(t.url, 'POST', '/api/reports/range', seed.adminToken, {
      from: '2026-03-01T00:00:00Z',
      to: '2026-03-31T00:00:00Z',
    });
    expect(requested.status).toBe(202);
    await waitDone(requested.body.id);
    const range = (await api<RangeReport>(t.url, 'GET', `/api/reports/${requested.body.id}/result`, seed.adminToken))
      .body;
    expect(range.sessions).toBe(1);
    expect(range.byDistrict.map((d) => [d.label, d.invited, d.attended])).toEqual([
      ['Huyện Đông', 12, 9],
      ['Huyện Tây', 6, 0],
    ]);
    expect(range.byGender.reduce((s, g) => s + g.invited, 0)).toBe(18);
    expect(range.byAgeGroup.map((g) => g.key)).toEqual(['under40', 'from40']);
  });

  it('computes live figures for the dashboard, filtered by district', async () => {
    const live = await api<SessionReport>(
      t.url,
      'GET',
      `/api/reports/sessions/${seed.sessionId}/live?districtId=${seed.districts.west}`,
      seed.hostToken,
    );
    expect(live.status).toBe(200);
    expect(live.body.summary).toMatchObject({ invitedEndpoints: 1, invitedMembers: 6, attendedMembers: 0 });
  });

  it('fails a job with a malformed payload at once, without retrying', async () => {
    const queue = jobRuntime(t.app.ctx).queues.reports;
    const job = await queue.add('build-report', { reportId: '' }, { jobId: 'report.bad.payload' });
    const failed = await waitFor(async () =>
      (await job.isFailed()) ? ((await queue.getJob('report.bad.payload')) ?? undefined) : undefined,
    );
    expect(failed.attemptsMade).toBe(1);
    expect(failed.failedReason).toBe('malformed report job payload');
  });
});
