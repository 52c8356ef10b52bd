import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthResponse, EndpointSheet } from '@diem-cau/shared';
import { api, buildOrgFixture, loginToken, type OrgFixture } from '../support/orgFixture.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

async function download(
  t: TestApp,
  path: string,
  token: string,
): Promise<{ status: number; body: Buffer; raw: ArrayBuffer; json?: { error: { code: string } } }> {
  const response = await fetch(`${t.url}/api${path}`, { headers: { authorization: `Bearer ${token}` } });
  const raw = await response.arrayBuffer();
  const body = Buffer.from(raw);
  const json = response.headers.get('content-type')?.includes('json')
    ? (JSON.parse(body.toString('utf8')) as { error: { code: string } })
    : undefined;
  return { status: response.status, body, raw, json };
}

describe('endpoints provisioned in bulk: new keys for a selection, a one-time endpoint sheet of pairing links', () => {
  let t: TestApp;
  let f: OrgFixture;
  let adminToken: string;
  let hostToken: string;

  beforeAll(async () => {
    t = await startTestApp();
    f = await buildOrgFixture(t);
    adminToken = await loginToken(t, '/auth/login', { username: f.admin.username, password: f.admin.password });
    hostToken = await loginToken(t, '/auth/login', { username: f.host.username, password: f.host.password });
  });
  afterAll(async () => t?.close());

  it('rotates the keys of a district’s endpoints, revokes their old keys and devices, and the sheet’s links pair', async () => {
    const oldDevice = (await api<AuthResponse>(t, 'POST', '/auth/endpoint/pair', { endpointKey: f.keys.a1 })).body
      .token;
    const sheet = await api<EndpointSheet>(t, 'POST', '/org/endpoints/keys', { districtId: f.districtA }, adminToken);
    expect(sheet.status).toBe(201);
    expect(sheet.body.count).toBe(2);

    const xlsx = await download(t, `/org/endpoint-sheets/${sheet.body.sheetId}/xlsx`, adminToken);
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.raw);
    const rows = workbook.worksheets[0]!.getSheetValues().slice(2) as unknown[][];
    expect(rows.map((r) => r[1]).sort()).toEqual(['Điểm cầu A1', 'Điểm cầu A2']);
    const links = rows.map((r) => String(r[4]));
    for (const link of links) expect(link).toMatch(new RegExp(`^${t.url}/endpoint/pair#key=[A-Za-z0-9_-]{43}$`));

    // Old keys and the device paired with one are refused at once; b1 (other district) is untouched.
    expect(await api(t, 'POST', '/auth/endpoint/pair', { endpointKey: f.keys.a1 })).toMatchObject({
      status: 401,
      body: { error: { code: 'UNAUTHENTICATED' } },
    });
    expect(await api(t, 'POST', '/auth/endpoint/pair', { endpointKey: f.keys.a2 })).toMatchObject({ status: 401 });
    expect(await api(t, 'GET', '/endpoint/standby', undefined, oldDevice)).toMatchObject({
      status: 401,
      body: { error: { code: 'UNAUTHENTICATED' } },
    });
    expect((await api(t, 'POST', '/auth/endpoint/pair', { endpointKey: f.keys.b1 })).status).toBe(200);
    for (const link of links) {
      const key = link.split('#key=')[1];
      expect((await api(t, 'POST', '/auth/endpoint/pair', { endpointKey: key })).status).toBe(200);
    }

    const pdf = await download(t, `/org/endpoint-sheets/${sheet.body.sheetId}/pdf`, adminToken);
    expect(pdf.status).toBe(200);
    expect(pdf.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // Each format is handed out once; then the secrets are gone from the disk.
    expect(await download(t, `/org/endpoint-sheets/${sheet.body.sheetId}/xlsx`, adminToken)).toMatchObject({
      status: 404,
      json: { error: { code: 'NOT_FOUND' } },
    });
    expect(await download(t, `/org/endpoint-sheets/${sheet.body.sheetId}/pdf`, adminToken)).toMatchObject({
      status: 404,
    });
  });

  it('issues keys for chosen endpoints only', async () => {
    const sheet = await api<EndpointSheet>(
      t,
      'POST',
      '/org/endpoints/keys',
      { endpointIds: [f.endpoints.b1] },
      adminToken,
    );
    expect(sheet).toMatchObject({ status: 201, body: { count: 1 } });
  });

  it('refuses a host, a bad selection and an unknown endpoint with codes, and rotates nothing then', async () => {
    const before = await t.app.db.selectFrom('endpoints').select(['id', 'key_version']).orderBy('id').execute();
    expect(await api(t, 'POST', '/org/endpoints/keys', { all: true }, hostToken)).toMatchObject({
      status: 403,
      body: { error: { code: 'FORBIDDEN' } },
    });
    expect(await api(t, 'POST', '/org/endpoints/keys', {}, adminToken)).toMatchObject({
      status: 400,
      body: { error: { code: 'BAD_REQUEST' } },
    });
    expect(
      await api(t, 'POST', '/org/endpoints/keys', { all: true, districtId: f.districtA }, adminToken),
    ).toMatchObject({ status: 400 });
    expect(
      await api(
        t,
        'POST',
        '/org/endpoints/keys',
        { endpointIds: ['00000000-0000-4000-8000-000000000000'] },
        adminToken,
      ),
    ).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    expect(await api(t, 'GET', '/org/endpoint-sheets/not-an-id/xlsx', undefined, adminToken)).toMatchObject({
      status: 400,
    });
    const after = await t.app.db.selectFrom('endpoints').select(['id', 'key_version']).orderBy('id').execute();
    expect(after).toEqual(before);
  });
});
