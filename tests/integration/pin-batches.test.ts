import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthResponse, PinBatch } from '@diem-cau/shared';
import { seedDemoProvince, type DemoCredentials } from '@diem-cau/server/src/demo/demoSeed.js';
import { pinHashes } from '@diem-cau/server/src/auth/pinHashes.js';
import { api, loginToken } from '../support/orgFixture.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

async function fetchFile(
  t: TestApp,
  path: string,
  token: string,
): Promise<{ status: number; body: Buffer; raw: ArrayBuffer }> {
  const response = await fetch(`${t.url}/api${path}`, { headers: { authorization: `Bearer ${token}` } });
  const raw = await response.arrayBuffer();
  return { status: response.status, body: Buffer.from(raw), raw };
}

describe('members onboarded in bulk: PINs for a unit as a background job, one-time PIN slips', () => {
  let t: TestApp;
  let demo: DemoCredentials;
  let adminToken: string;
  let communeId: string;
  let communeMembers: { id: string; member_number: string; full_name: string; cell: string }[];

  const runBatch = async (body: unknown): Promise<PinBatch> => {
    const started = await api<PinBatch>(t, 'POST', '/org/members/pins', body, adminToken);
    expect(started.status).toBe(202);
    let batch = started.body;
    const deadline = Date.now() + 60_000;
    while (batch.state !== 'done' && batch.state !== 'failed' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      batch = (await api<PinBatch>(t, 'GET', `/org/pin-batches/${started.body.batchId}`, undefined, adminToken)).body;
    }
    return batch;
  };
  const slipRows = async (sheetId: string): Promise<string[][]> => {
    const file = await fetchFile(t, `/org/pin-slips/${sheetId}/xlsx`, adminToken);
    expect(file.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.raw);
    return (workbook.worksheets[0]!.getSheetValues().slice(2) as unknown[][]).map((r) => r.slice(1).map(String));
  };

  beforeAll(async () => {
    t = await startTestApp();
    demo = (await seedDemoProvince(t.app.db, pinHashes(t.app.ctx), t.app.ctx.log))!;
    adminToken = await loginToken(t, '/auth/login', { username: demo.admin.username, password: demo.admin.password });
    const commune = await t.app.db
      .selectFrom('org_units')
      .select('id')
      .where('kind', '=', 'commune')
      .orderBy('code')
      .offset(1)
      .limit(1)
      .executeTakeFirstOrThrow();
    communeId = commune.id;
    communeMembers = await t.app.db
      .selectFrom('members as m')
      .innerJoin('org_units as c', 'c.id', 'm.cell_id')
      .select(['m.id', 'm.member_number', 'm.full_name', 'c.name as cell'])
      .where('c.parent_id', '=', communeId)
      .execute();
  });
  afterAll(async () => t?.close());

  it('issues a PIN to every member of a commune and nobody else; the slips sign in, sorted by cell', async () => {
    const outsider = await t.app.db
      .selectFrom('members')
      .select(['id', 'pin_hash'])
      .where('member_number', '=', demo.memberPins[0]!.memberNumber)
      .executeTakeFirstOrThrow();
    const batch = await runBatch({ unitId: communeId });
    expect(batch).toMatchObject({ state: 'done', progress: 100, count: communeMembers.length });
    const rows = await slipRows(batch.sheetId!);
    expect(rows.map((r) => r[2]).sort()).toEqual(communeMembers.map((m) => m.member_number).sort());
    const cells = rows.map((r) => r[0]!);
    expect(cells).toEqual([...cells].sort((a, b) => a.localeCompare(b, 'vi')));
    for (const r of rows) expect(r[4]).toBe(`${t.url}/member`);
    for (const r of rows.slice(0, 3)) {
      expect(r[3]).toMatch(/^\d{6}$/);
      expect((await api<AuthResponse>(t, 'POST', '/auth/member', { memberNumber: r[2], pin: r[3] })).status).toBe(200);
    }
    // A member of another commune keeps the PIN the demo printed.
    const after = await t.app.db
      .selectFrom('members')
      .select('pin_hash')
      .where('id', '=', outsider.id)
      .executeTakeFirstOrThrow();
    expect(after.pin_hash).toBe(outsider.pin_hash);

    const pdf = await fetchFile(t, `/org/pin-slips/${batch.sheetId}/pdf`, adminToken);
    expect(pdf.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // Downloaded once each: the slips are gone.
    expect((await fetchFile(t, `/org/pin-slips/${batch.sheetId}/xlsx`, adminToken)).status).toBe(404);
    expect((await fetchFile(t, `/org/pin-slips/${batch.sheetId}/pdf`, adminToken)).status).toBe(404);

    // Issuing again revokes the PINs of the first slips.
    const again = await runBatch({ memberIds: [communeMembers[0]!.id] });
    expect(again).toMatchObject({ state: 'done', count: 1 });
    const first = rows.find((r) => r[2] === communeMembers[0]!.member_number)!;
    expect(await api(t, 'POST', '/auth/member', { memberNumber: first[2], pin: first[3] })).toMatchObject({
      status: 401,
      body: { error: { code: 'UNAUTHENTICATED' } },
    });
    const fresh = await slipRows(again.sheetId!);
    expect((await api(t, 'POST', '/auth/member', { memberNumber: fresh[0]![2], pin: fresh[0]![3] })).status).toBe(200);
  });

  it('refuses a host, a bad selection and an unknown unit or batch with codes', async () => {
    const hostToken = await loginToken(t, '/auth/login', {
      username: demo.host.username,
      password: demo.host.password,
    });
    expect(await api(t, 'POST', '/org/members/pins', { unitId: communeId }, hostToken)).toMatchObject({
      status: 403,
      body: { error: { code: 'FORBIDDEN' } },
    });
    expect(await api(t, 'POST', '/org/members/pins', {}, adminToken)).toMatchObject({
      status: 400,
      body: { error: { code: 'BAD_REQUEST' } },
    });
    expect(
      await api(t, 'POST', '/org/members/pins', { unitId: communeId, memberIds: [communeMembers[0]!.id] }, adminToken),
    ).toMatchObject({ status: 400 });
    expect(
      await api(t, 'POST', '/org/members/pins', { unitId: '00000000-0000-4000-8000-000000000000' }, adminToken),
    ).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    expect(
      await api(t, 'GET', '/org/pin-batches/00000000-0000-4000-8000-000000000000', undefined, adminToken),
    ).toMatchObject({ status: 404 });
  });
});
