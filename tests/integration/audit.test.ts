import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, AuditPage, IssuedPin, PinBatch, RotatedKey } from '@diem-cau/shared';
import { api, buildOrgFixture, loginToken, type OrgFixture } from '../support/orgFixture.js';
import { startTestApp, type TestApp } from '../support/testApp.js';
import { dropRefusal, refuseInserts } from '../support/testStore.js';
import { jobQueues } from '@diem-cau/server/src/jobs/index.js';
import { uploadFile } from '../support/upload.js';

/** A request from "another machine": the app trusts X-Forwarded-For from a loopback proxy. */
const CLIENT = '203.0.113.7';

async function call<T>(t: TestApp, method: string, path: string, token: string, body?: unknown) {
  const res = await fetch(`${t.url}/api${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      'x-forwarded-for': CLIENT,
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

describe('audit log: who changed evidence or access, when, from where, what', () => {
  let t: TestApp;
  let f: OrgFixture;
  let adminToken: string;
  let hostToken: string;

  const entries = async (query: string): Promise<AuditEntry[]> => {
    const res = await api<AuditPage>(t, 'GET', `/audit?${query}`, undefined, adminToken);
    expect(res.status).toBe(200);
    return res.body.items;
  };
  /** The admin's entries for one action (the fixture's own setup is recorded as the system or the host). */
  const adminEntries = async (action: string) =>
    (await entries(`actor=${f.admin.id}&action=${action}`)).filter((e) => e.action === action);

  /** No value anywhere in an entry is one of these. */
  const expectNoSecret = (entry: AuditEntry, secrets: string[]) => {
    const text = JSON.stringify(entry);
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/pin_?hash|password|endpointKey|"pin"|secret"|token/i);
  };

  beforeAll(async () => {
    t = await startTestApp();
    f = await buildOrgFixture(t);
    adminToken = await loginToken(t, '/auth/login', { username: f.admin.username, password: f.admin.password });
    hostToken = await loginToken(t, '/auth/login', { username: f.host.username, password: f.host.password });
  });
  afterAll(async () => t?.close());

  it('records a member edit with actor, address and the changed fields before and after', async () => {
    const res = await call(t, 'PATCH', `/org/members/${f.member.id}`, adminToken, { phone: '0912345678' });
    expect(res.status).toBe(200);
    const [entry, ...more] = await adminEntries('member.update');
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      actor: { subject: f.admin.id, role: 'admin', displayName: 'admin' },
      address: CLIENT,
      action: 'member.update',
      targetType: 'member',
      targetId: f.member.id,
      before: { phone: null },
      after: { phone: '0912345678' },
    });
    expect(Object.keys(entry!.after!)).toEqual(['phone']);
    expect(Date.now() - Date.parse(entry!.at)).toBeLessThan(60_000);
    expectNoSecret(entry!, [f.member.pin]);
  });

  it('records inviting endpoints and starting a session (admin acting as host)', async () => {
    const invited = await call(t, 'POST', `/sessions/${f.sessionId}/invites`, adminToken, {
      endpointIds: [f.endpoints.a2],
    });
    expect(invited.status).toBe(200);
    const [invite, ...moreInvites] = await adminEntries('session.invite');
    expect(moreInvites).toEqual([]);
    expect(invite).toMatchObject({
      address: CLIENT,
      targetType: 'session',
      targetId: f.sessionId,
      after: { added: 1, endpointIds: [f.endpoints.a2] },
    });

    const started = await call(t, 'POST', `/sessions/${f.sessionId}/start`, adminToken);
    expect(started.status).toBe(200);
    const [start, ...moreStarts] = await adminEntries('session.start');
    expect(moreStarts).toEqual([]);
    expect(start).toMatchObject({
      actor: { subject: f.admin.id, role: 'admin' },
      address: CLIENT,
      targetId: f.sessionId,
      before: { status: 'scheduled' },
      after: { status: 'live' },
    });
  });

  it('records a PIN issue and a key rotation without the PIN or the key', async () => {
    const pin = await call<IssuedPin>(t, 'POST', `/org/members/${f.member.id}/pin`, adminToken);
    expect(pin.status).toBe(200);
    const [issued, ...moreIssued] = await adminEntries('member.pin.issue');
    expect(moreIssued).toEqual([]);
    expect(issued).toMatchObject({
      address: CLIENT,
      targetType: 'member',
      targetId: f.member.id,
      before: { hasPin: true },
      after: { hasPin: true },
    });
    expectNoSecret(issued!, [pin.body.pin, f.member.pin]);

    const rotated = await call<RotatedKey>(t, 'POST', `/org/endpoints/${f.endpoints.b1}/key`, adminToken);
    expect(rotated.status).toBe(200);
    const [rotation, ...moreRotations] = await adminEntries('endpoint.key.rotate');
    expect(moreRotations).toEqual([]);
    expect(rotation).toMatchObject({
      address: CLIENT,
      targetType: 'endpoint',
      targetId: f.endpoints.b1,
      before: { keyVersion: rotated.body.keyVersion - 1 },
      after: { keyVersion: rotated.body.keyVersion },
    });
    expectNoSecret(rotation!, [rotated.body.endpointKey, f.keys.b1]);
  });

  it('records a bulk PIN batch once, with its count and requester', { timeout: 120_000 }, async () => {
    const started = await call<PinBatch>(t, 'POST', '/org/members/pins', adminToken, { memberIds: [f.member.id] });
    expect(started.status).toBe(202);
    let batch = started.body;
    const deadline = Date.now() + 100_000;
    while (batch.state !== 'done' && batch.state !== 'failed' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      batch = (await api<PinBatch>(t, 'GET', `/org/pin-batches/${batch.batchId}`, undefined, adminToken)).body;
    }
    // Once seen stuck on a loaded CI machine: say what the queue knew, to find out why if it recurs.
    const job = await jobQueues(t.app.ctx).pinSlips.getJob(batch.batchId);
    expect(batch.state, `job ${await job?.getState()} ${job?.failedReason ?? ''}`).toBe('done');
    const [entry, ...more] = await adminEntries('member.pin.bulkIssue');
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      actor: { subject: f.admin.id, role: 'admin' },
      address: CLIENT,
      targetType: 'pin_batch',
      targetId: batch.batchId,
      after: { count: 1 },
    });
  });

  it('refuses the log and its export to anyone but an admin', async () => {
    expect((await api(t, 'GET', '/audit', undefined, hostToken)).status).toBe(403);
    expect((await api(t, 'GET', '/audit/export?format=csv', undefined, hostToken)).status).toBe(403);
    expect((await api(t, 'GET', '/audit')).status).toBe(401);
  });

  it('filters by who, what and when, and pages', async () => {
    const byName = await entries('actor=ADMIN');
    expect(byName.length).toBeGreaterThan(0);
    expect(byName.every((e) => e.actor?.subject === f.admin.id)).toBe(true);

    const sessionActions = await entries('action=session');
    expect(sessionActions.length).toBeGreaterThan(0);
    expect(sessionActions.every((e) => e.action.startsWith('session.'))).toBe(true);

    const onMember = await entries(`targetType=member&targetId=${f.member.id}`);
    expect(new Set(onMember.map((e) => e.action))).toEqual(new Set(['member.update', 'member.pin.issue']));

    const future = new Date(Date.now() + 3600_000).toISOString();
    expect(await entries(`from=${encodeURIComponent(future)}`)).toEqual([]);
    const past = new Date(Date.now() - 3600_000).toISOString();
    expect(await entries(`to=${encodeURIComponent(past)}`)).toEqual([]);
    const reversed = await api(
      t,
      'GET',
      `/audit?from=${encodeURIComponent(future)}&to=${encodeURIComponent(past)}`,
      undefined,
      adminToken,
    );
    expect(reversed.status).toBe(400);

    const page = await api<AuditPage>(t, 'GET', '/audit?limit=2&offset=1', undefined, adminToken);
    const all = await api<AuditPage>(t, 'GET', '/audit?limit=500', undefined, adminToken);
    expect(page.body.total).toBe(all.body.total);
    expect(page.body.items.map((e) => e.id)).toEqual(all.body.items.slice(1, 3).map((e) => e.id));
    // Newest first.
    expect(all.body.items.map((e) => e.id)).toEqual([...all.body.items.map((e) => e.id)].sort((a, b) => b - a));

    expect((await api(t, 'GET', '/audit?action=nope;drop', undefined, adminToken)).status).toBe(400);
  });

  it('exports the filtered rows as CSV and XLSX', async () => {
    const download = async (format: 'csv' | 'xlsx') => {
      const res = await fetch(`${t.url}/api/audit/export?format=${format}&actor=${f.admin.id}&action=member`, {
        headers: { authorization: `Bearer ${adminToken}` },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toMatch(new RegExp(`attachment; filename=".+\\.${format}"`));
      expect(res.headers.get('cache-control')).toBe('no-store');
      return res.arrayBuffer();
    };
    const csv = Buffer.from(await download('csv')).toString('utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toContain('Hành động');
    expect(lines.slice(1).filter((l) => l.includes('member.update'))).toHaveLength(1);
    expect(lines.slice(1).filter((l) => l.includes('member.pin.issue'))).toHaveLength(1);
    expect(lines.slice(1).every((l) => l.includes(CLIENT))).toBe(true);
    expect(csv).not.toContain(f.member.pin);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await download('xlsx'));
    const sheet = workbook.worksheets[0]!;
    const rows = (sheet.getSheetValues().slice(1) as unknown[][]).map((r) => r.slice(1).map((c) => String(c ?? '')));
    expect(rows[0]).toContain('Hành động');
    expect(rows.length - 1).toBe(lines.length - 1);
    expect(rows.flat()).toContain('member.update');
  });

  it("records a member's own PIN change as the member's, with no PIN", async () => {
    const issued = await call<IssuedPin>(t, 'POST', `/org/members/${f.member.id}/pin`, adminToken);
    expect(issued.status).toBe(200);
    const member = await loginToken(t, '/auth/member', { memberNumber: f.member.memberNumber, pin: issued.body.pin });
    const newPin = issued.body.pin === '482913' ? '593824' : '482913';
    const changed = await call(t, 'POST', '/auth/member/pin', member, { currentPin: issued.body.pin, newPin });
    expect(changed.status).toBe(204);
    const [entry, ...more] = (await entries(`actor=${f.member.id}&action=member.pin.change`)).filter(
      (e) => e.action === 'member.pin.change',
    );
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      actor: { subject: f.member.id, role: 'member' },
      address: CLIENT,
      targetType: 'member',
      targetId: f.member.id,
      after: { memberNumber: f.member.memberNumber },
    });
    expectNoSecret(entry!, [issued.body.pin, newPin]);
  });

  it('records question bank edits with the question before and after, and document uploads and deletions', async () => {
    const base = `/quiz/sessions/${f.sessionId}/questions`;
    const question = {
      type: 'single',
      prompt: 'Nghị quyết có mấy nhóm giải pháp?',
      options: ['Ba', 'Năm', 'Bảy'],
      correct: [1],
    };
    const created = await call<{ id: string }>(t, 'POST', base, adminToken, question);
    expect(created.status).toBe(201);
    const updated = await call(t, 'PUT', `${base}/${created.body.id}`, adminToken, { ...question, correct: [2] });
    expect(updated.status).toBe(200);
    const [edit] = await adminEntries('quiz.question.update');
    // Moving the right answer rewrites every score: the log keeps which answer counted before.
    expect(edit).toMatchObject({
      targetType: 'question',
      targetId: created.body.id,
      address: CLIENT,
      before: { correct: [1] },
      after: { correct: [2] },
    });
    expect((await adminEntries('quiz.question.create'))[0]).toMatchObject({
      targetId: created.body.id,
      after: { prompt: question.prompt, correct: [1], sessionId: f.sessionId },
    });
    expect((await call(t, 'DELETE', `${base}/${created.body.id}`, adminToken)).status).toBe(204);
    expect((await adminEntries('quiz.question.delete'))[0]).toMatchObject({
      targetId: created.body.id,
      before: { prompt: question.prompt, correct: [2] },
    });

    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const doc = await uploadFile<{ id: string; sha256: string }>(
      t,
      `/sessions/${f.sessionId}/documents?kind=resolution`,
      pdf,
      'Nghị quyết.pdf',
      adminToken,
    );
    expect(doc.status).toBe(201);
    expect((await adminEntries('document.upload'))[0]).toMatchObject({
      targetType: 'document',
      targetId: doc.body.id,
      after: { filename: 'Nghị quyết.pdf', sizeBytes: pdf.length, sha256: doc.body.sha256 },
    });
    expect((await call(t, 'DELETE', `/sessions/${f.sessionId}/documents/${doc.body.id}`, adminToken)).status).toBe(204);
    expect((await adminEntries('document.delete'))[0]).toMatchObject({
      targetId: doc.body.id,
      before: { filename: 'Nghị quyết.pdf', sha256: doc.body.sha256 },
    });
  });

  it('a change whose entry cannot be written does not happen: change and entry share one transaction', async () => {
    const db = t.app.ctx.db;
    // The store refuses these entries, as a full disk or a failing write would.
    await refuseInserts(
      db,
      'audit_log',
      "new.action in ('webhook.create', 'member.pin.issue', 'endpoint.key.rotate', 'quiz.question.create', 'org.import')",
    );
    try {
      const webhooksBefore = await db.selectFrom('webhooks').select('id').execute();
      const hook = await call(t, 'POST', '/webhooks', adminToken, {
        url: 'http://127.0.0.1:9/hook',
        events: ['session.started'],
      });
      expect(hook.status).toBeGreaterThanOrEqual(500);
      expect(await db.selectFrom('webhooks').select('id').execute()).toEqual(webhooksBefore);

      const pinBefore = await db
        .selectFrom('members')
        .select('pin_hash')
        .where('id', '=', f.member.id)
        .executeTakeFirst();
      expect((await call(t, 'POST', `/org/members/${f.member.id}/pin`, adminToken)).status).toBeGreaterThanOrEqual(500);
      expect(
        await db.selectFrom('members').select('pin_hash').where('id', '=', f.member.id).executeTakeFirst(),
      ).toEqual(pinBefore);

      const keyBefore = await db
        .selectFrom('endpoints')
        .select(['key_hash', 'key_version'])
        .where('id', '=', f.endpoints.b1)
        .executeTakeFirst();
      expect((await call(t, 'POST', `/org/endpoints/${f.endpoints.b1}/key`, adminToken)).status).toBeGreaterThanOrEqual(
        500,
      );
      expect(
        await db
          .selectFrom('endpoints')
          .select(['key_hash', 'key_version'])
          .where('id', '=', f.endpoints.b1)
          .executeTakeFirst(),
      ).toEqual(keyBefore);

      const questionsBefore = await db.selectFrom('quiz_questions').select('id').execute();
      const q = await call(t, 'POST', `/quiz/sessions/${f.sessionId}/questions`, adminToken, {
        type: 'true_false',
        prompt: 'Đúng hay sai?',
        correct: [0],
      });
      expect(q.status).toBeGreaterThanOrEqual(500);
      expect(await db.selectFrom('quiz_questions').select('id').execute()).toEqual(questionsBefore);

      const unitsBefore = await db.selectFrom('org_units').select('id').execute();
      const provinceCode = (
        await db.selectFrom('org_units').select('code').where('kind', '=', 'province').executeTakeFirstOrThrow()
      ).code;
      const imported = await uploadFile(
        t,
        '/org/import/units',
        `Mã đơn vị,Tên đơn vị,Cấp,Mã đơn vị cấp trên\r\nH-AUDIT,Huyện Kiểm Tra,Huyện,${provinceCode}\r\n`,
        'units.csv',
        adminToken,
        'text/csv',
      );
      expect(imported.status).toBeGreaterThanOrEqual(500);
      expect(await db.selectFrom('org_units').select('id').execute()).toEqual(unitsBefore);
    } finally {
      await dropRefusal(db, 'audit_log');
    }
  });

  it('cannot be edited: the store refuses UPDATE and DELETE on the log', async () => {
    const db = t.app.ctx.db;
    const before = await db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    await expect(db.updateTable('audit_log').set({ action: 'forged' }).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log where id = 1`.execute(db)).rejects.toThrow(/append-only/);
    const after = await db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});
