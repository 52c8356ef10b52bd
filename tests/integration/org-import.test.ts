import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Endpoint, ImportResult, Member, MemberPage, OrgUnit } from '@diem-cau/shared';
import { api, buildOrgFixture, loginToken, type OrgFixture } from '../support/orgFixture.js';
import { startTestApp, type TestApp } from '../support/testApp.js';
import { download, uploadFile } from '../support/upload.js';

type ErrorReply = { error: { code: string; details?: Array<{ path: string; message: string }> } };

const BOM = '\uFEFF';
const csv = (lines: string[]): string => BOM + lines.join('\r\n') + '\r\n';

async function xlsx(rows: (string | number | Date)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('DS');
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('organisation administration: import, export, CRUD and role checks', () => {
  let t: TestApp;
  let f: OrgFixture;
  let adminToken: string;
  let hostToken: string;
  let provinceCode: string;
  const memberCount = async () =>
    Number(
      (
        await t.app.db
          .selectFrom('members')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const unitCount = async () =>
    Number(
      (
        await t.app.db
          .selectFrom('org_units')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await startTestApp({ IMPORT_MAX_BYTES: '20000' });
    f = await buildOrgFixture(t);
    adminToken = await loginToken(t, '/auth/login', { username: f.admin.username, password: f.admin.password });
    hostToken = await loginToken(t, '/auth/login', { username: f.host.username, password: f.host.password });
    provinceCode = (
      await t.app.db.selectFrom('org_units').select('code').where('kind', '=', 'province').executeTakeFirstOrThrow()
    ).code;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('imports units from CSV (parents earlier in the file), and refuses a bad file whole', async () => {
    const before = await unitCount();
    const bad = await uploadFile<ErrorReply>(
      t,
      '/org/import/units',
      csv([
        'Mã đơn vị,Tên đơn vị,Cấp,Mã đơn vị cấp trên',
        `H-VT,Huyện Vũ Thư,Huyện,${provinceCode}`,
        'X-VT1,Xã Tân Hòa,Xã,H-VT',
        'X-VT2,Xã Song Lãng,Chi bộ,H-VT',
        'X-VT3,,Xã,KHONG-CO',
        'H-VT,Trùng mã,Huyện,' + provinceCode,
      ]),
      'don-vi.csv',
      adminToken,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('BAD_REQUEST');
    const paths = bad.body.error.details?.map((d) => `${d.path}:${d.message}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        'row.4.parentCode:parent_must_be_commune',
        'row.5.name:required',
        'row.5.parentCode:unknown_unit',
        'row.6.code:duplicate_in_file:2',
      ]),
    );
    expect(paths?.some((p) => p.startsWith('row.2.') || p.startsWith('row.3.'))).toBe(false);
    expect(await unitCount()).toBe(before);

    const good = await uploadFile<ImportResult>(
      t,
      '/org/import/units',
      csv([
        'Mã đơn vị,Tên đơn vị,Cấp,Mã đơn vị cấp trên',
        `H-VT,Huyện Vũ Thư,Huyện,${provinceCode}`,
        'X-VT1,Xã Tân Hòa,Xã,H-VT',
        'CB-VT1-1,Chi bộ thôn Đông,Chi bộ,X-VT1',
        'CB-VT1-2,Chi bộ thôn Tây,Chi bộ,X-VT1',
      ]),
      'don-vi.csv',
      adminToken,
    );
    expect(good.status).toBe(200);
    expect(good.body).toEqual({ table: 'units', rows: 4, created: 4, updated: 0, warnings: [] });
    const communes = await api<OrgUnit[]>(t, 'GET', '/org/units?kind=commune', undefined, hostToken);
    expect(communes.body.map((u) => u.code)).toContain('X-VT1');
  });

  it('imports members from CSV with Vietnamese headers as offices keep them; a bad file imports nothing and lists lines', async () => {
    const before = await memberCount();
    const header = 'Họ và tên,Số thẻ đảng viên,Giới tính,Năm sinh,Điện thoại,Ngày vào Đảng,Chi bộ';
    const bad = await uploadFile<ErrorReply>(
      t,
      '/org/import/members',
      csv([
        header,
        'Trần Thị Hoa,34001234,Nữ,1975,0912 345 678,19/05/2001,Chi bộ thôn Đông',
        'Phạm Văn Nam,34001235,Không rõ,1980,,,Chi bộ thôn Đông',
        'Lê Văn Tư,34001236,Nam,1850,12345,31/02/2001,Chi bộ thôn Đông',
        ',34001234,Nam,1980,,,Chi bộ không có',
      ]),
      'dang-vien.csv',
      adminToken,
    );
    expect(bad.status).toBe(400);
    const got = bad.body.error.details?.map((d) => `${d.path}:${d.message}`);
    expect(got).toEqual(
      expect.arrayContaining([
        'row.3.gender:invalid_gender',
        'row.4.birthYear:invalid_year',
        'row.4.phone:invalid_phone',
        'row.4.joinedOn:invalid_date',
        'row.5.fullName:required',
        'row.5.memberNumber:duplicate_in_file:2',
        'row.5.cell:unknown_cell',
      ]),
    );
    expect(await memberCount()).toBe(before);

    const good = await uploadFile<ImportResult>(
      t,
      '/org/import/members',
      csv([
        header,
        'Trần Thị Hoa,34001234,Nữ,1975,912345678,19/05/2001,Chi bộ thôn Đông',
        '"Phạm Văn Nam, con",34001235,Nam,1980,,,Chi bộ thôn Tây',
        `Nguyễn Văn Thử (sửa),${f.member.memberNumber},Nam,1980,,2005-05-19,CB-VT1-1`,
      ]),
      'dang-vien.csv',
      adminToken,
    );
    expect(good.status).toBe(200);
    expect(good.body).toEqual({ table: 'members', rows: 3, created: 2, updated: 1, warnings: [] });
    const found = await api<MemberPage>(t, 'GET', '/org/members?q=Tr%E1%BA%A7n%20Th%E1%BB%8B', undefined, hostToken);
    expect(found.body.items[0]).toMatchObject({
      fullName: 'Trần Thị Hoa',
      gender: 'female',
      birthYear: 1975,
      phone: '0912345678',
      joinedOn: '2001-05-19',
      cellName: 'Chi bộ thôn Đông',
    });
  });

  it('imports XLSX (dates and numbers as cells), refuses a bad XLSX whole with its row numbers', async () => {
    const before = await memberCount();
    const header = [
      'Họ và tên',
      'Số thẻ đảng viên',
      'Giới tính',
      'Năm sinh',
      'Điện thoại',
      'Ngày vào Đảng',
      'Mã chi bộ',
    ];
    const bad = await xlsx([
      header,
      ['Đỗ Thị Mai', '34002001', 'Nữ', 1990, '0987654321', new Date(Date.UTC(2015, 2, 8)), 'CB-VT1-2'],
      ['Vũ Văn Khoa', '34002002', 'Nam', 'một chín tám', '', '', 'CB-KHONG'],
    ]);
    const refused = await uploadFile<ErrorReply>(t, '/org/import/members', bad, 'ds.xlsx', adminToken);
    expect(refused.status).toBe(400);
    expect(refused.body.error.details?.map((d) => `${d.path}:${d.message}`)).toEqual([
      'row.3.birthYear:invalid_year',
      'row.3.cellCode:unknown_cell',
    ]);
    expect(await memberCount()).toBe(before);

    const good = await xlsx([
      header,
      ['Đỗ Thị Mai', '34002001', 'Nữ', 1990, 987654321, new Date(Date.UTC(2015, 2, 8)), 'CB-VT1-2'],
    ]);
    const ok = await uploadFile<ImportResult>(t, '/org/import/members', good, 'ds.xlsx', adminToken);
    expect(ok.body).toEqual({ table: 'members', rows: 1, created: 1, updated: 0, warnings: [] });
    const mai = await api<MemberPage>(t, 'GET', '/org/members?q=34002001', undefined, adminToken);
    expect(mai.body.items[0]).toMatchObject({
      phone: '0987654321',
      joinedOn: '2015-03-08',
      cellName: 'Chi bộ thôn Tây',
    });

    const endpoints = await xlsx([
      ['Tên điểm cầu', 'Mã đơn vị'],
      ['Hội trường xã Tân Hòa', 'X-VT1'],
    ]);
    expect(
      (await uploadFile<ImportResult>(t, '/org/import/endpoints', endpoints, 'dc.xlsx', adminToken)).body,
    ).toMatchObject({ created: 1 });
  });

  it('checks upload type and size', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n'), Buffer.alloc(200, 0x20)]);
    expect((await uploadFile<ErrorReply>(t, '/org/import/members', pdf, 'dang-vien.csv', adminToken)).status).toBe(415);
    const latin1 = Buffer.from('Họ và tên,Số thẻ\nTrần Thị Hoa,1\n', 'latin1');
    expect(
      (
        await uploadFile<ErrorReply>(
          t,
          '/org/import/members',
          Buffer.concat([latin1, Buffer.from([0xff, 0xfe, 0x00])]),
          'x.csv',
          adminToken,
        )
      ).body.error.code,
    ).toBe('UNSUPPORTED_MEDIA_TYPE');
    const json = await api<ErrorReply>(t, 'POST', '/org/import/members', { rows: [] }, adminToken);
    expect(json).toMatchObject({ status: 415, body: { error: { code: 'UNSUPPORTED_MEDIA_TYPE' } } });
    const big = 'Họ và tên,Số thẻ đảng viên\n' + 'x,1\n'.repeat(8000);
    expect(await uploadFile<ErrorReply>(t, '/org/import/members', big, 'big.csv', adminToken)).toMatchObject({
      status: 413,
      body: { error: { code: 'PAYLOAD_TOO_LARGE' } },
    });
    const missing = await uploadFile<ErrorReply>(t, '/org/import/members', csv(['Tên,Số']), 'x.csv', adminToken);
    expect(missing.body.error.details?.map((d) => d.message)).toContain('missing_column');
    expect((await uploadFile<ErrorReply>(t, '/org/import/nonsense', csv(['a']), 'x.csv', adminToken)).status).toBe(400);
  });

  it('exports in the same format (CSV UTF-8 with BOM, XLSX) and the export imports back unchanged', async () => {
    const out = await download(t, '/org/export/members?format=csv', adminToken);
    expect(out.status).toBe(200);
    expect(out.headers.get('content-type')).toContain('text/csv');
    expect([...out.content.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = out.content.toString('utf8');
    expect(text).toContain('Họ và tên,Số thẻ đảng viên,Giới tính,Năm sinh,Điện thoại,Ngày vào Đảng,Chi bộ');
    expect(text).toContain('Trần Thị Hoa,34001234,Nữ,1975,0912345678,19/05/2001,Chi bộ thôn Đông');
    const total = await memberCount();
    const again = await uploadFile<ImportResult>(t, '/org/import/members', out.content, 'dang-vien.csv', adminToken);
    expect(again.body).toEqual({ table: 'members', rows: total, created: 0, updated: total, warnings: [] });

    const x = await download(t, '/org/export/units?format=xlsx', adminToken);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.content as unknown as ArrayBuffer);
    expect(wb.worksheets[0]?.getRow(1).getCell(1).text).toBe('Mã đơn vị');
    const backUnits = await uploadFile<ImportResult>(t, '/org/import/units', x.content, 'don-vi.xlsx', adminToken);
    expect(backUnits.body.created).toBe(0);
    const ep = await download(t, '/org/export/endpoints?format=csv', adminToken);
    expect(ep.content.toString('utf8')).toContain('Tên điểm cầu,Đơn vị,Mã đơn vị,Huyện,Đã cấp khóa');
  });

  it('CRUD of units, endpoints and members for admins; refuses deleting records attendance points at', async () => {
    const commune = (await api<OrgUnit[]>(t, 'GET', '/org/units?kind=commune', undefined, adminToken)).body.find(
      (u) => u.code === 'X-VT1',
    );
    const cell = await api<OrgUnit>(
      t,
      'POST',
      '/org/units',
      { parentId: commune?.id, kind: 'cell', name: 'Chi bộ thôn Bắc', code: 'CB-VT1-3' },
      adminToken,
    );
    expect(cell.status).toBe(201);
    expect(
      (
        await api<ErrorReply>(
          t,
          'POST',
          '/org/units',
          { parentId: commune?.id, kind: 'district', name: 'x', code: 'X-1' },
          adminToken,
        )
      ).status,
    ).toBe(400);
    expect(
      (
        await api<ErrorReply>(
          t,
          'POST',
          '/org/units',
          { parentId: commune?.id, kind: 'cell', name: 'x', code: 'CB-VT1-3' },
          adminToken,
        )
      ).status,
    ).toBe(409);
    const member = await api<Member>(
      t,
      'POST',
      '/org/members',
      {
        cellId: cell.body.id,
        fullName: 'Hoàng Văn Bắc',
        memberNumber: '34009999',
        gender: 'male',
        birthYear: 1970,
        phone: '0901 234 567',
      },
      adminToken,
    );
    expect(member).toMatchObject({ status: 201, body: { phone: '0901234567', hasPin: false } });
    expect(
      (
        await api<ErrorReply>(
          t,
          'POST',
          '/org/members',
          { cellId: commune?.id, fullName: 'x', memberNumber: '34009998', gender: 'male', birthYear: 1970 },
          adminToken,
        )
      ).status,
    ).toBe(400);
    const patched = await api<Member>(
      t,
      'PATCH',
      `/org/members/${member.body.id}`,
      { fullName: 'Hoàng Văn Bắc (sửa)' },
      adminToken,
    );
    expect(patched.body.fullName).toBe('Hoàng Văn Bắc (sửa)');
    expect((await api(t, 'DELETE', `/org/units/${cell.body.id}`, undefined, adminToken)).status).toBe(409);
    expect((await api(t, 'DELETE', `/org/members/${member.body.id}`, undefined, adminToken)).status).toBe(204);
    expect((await api(t, 'DELETE', `/org/units/${cell.body.id}`, undefined, adminToken)).status).toBe(204);

    const ep = await api<Endpoint>(
      t,
      'POST',
      '/org/endpoints',
      { unitId: commune?.id, name: 'Phòng họp xã' },
      adminToken,
    );
    expect(ep).toMatchObject({ status: 201, body: { name: 'Phòng họp xã', hasKey: false } });
    expect(
      (await api<Endpoint>(t, 'PATCH', `/org/endpoints/${ep.body.id}`, { name: 'Phòng họp UBND xã' }, adminToken)).body
        .name,
    ).toBe('Phòng họp UBND xã');
    expect((await api(t, 'DELETE', `/org/endpoints/${ep.body.id}`, undefined, adminToken)).status).toBe(204);
    // An invited endpoint keeps its records.
    expect((await api(t, 'DELETE', `/org/endpoints/${f.endpoints.a1}`, undefined, adminToken)).status).toBe(409);
  });

  it('lets only admins change, import and export; hosts read; others are refused', async () => {
    const memberTok = await loginToken(t, '/auth/member', { memberNumber: f.member.memberNumber, pin: f.member.pin });
    const endpointTok = await loginToken(t, '/auth/endpoint', { endpointKey: f.keys.a1, sessionId: f.sessionId });
    const writes: Array<[string, string, unknown]> = [
      ['POST', '/org/units', { parentId: null, kind: 'province', name: 'x', code: 'x' }],
      ['PATCH', `/org/units/${f.districtA}`, { name: 'x' }],
      ['DELETE', `/org/units/${f.districtA}`, undefined],
      ['POST', '/org/endpoints', { unitId: f.districtA, name: 'x' }],
      ['PATCH', `/org/endpoints/${f.endpoints.a1}`, { name: 'x' }],
      ['DELETE', `/org/endpoints/${f.endpoints.a1}`, undefined],
      ['POST', '/org/members', {}],
      ['PATCH', `/org/members/${f.member.id}`, { fullName: 'x' }],
      ['DELETE', `/org/members/${f.member.id}`, undefined],
      ['GET', '/org/export/members', undefined],
    ];
    for (const [method, path, body] of writes) {
      for (const token of [hostToken, memberTok, endpointTok])
        expect((await api(t, method, path, body, token)).status, `${method} ${path}`).toBe(403);
      expect((await api(t, method, path, body)).status, `${method} ${path} anonymous`).toBe(401);
    }
    expect((await uploadFile(t, '/org/import/members', csv(['a']), 'x.csv', hostToken)).status).toBe(403);
    expect((await api(t, 'GET', '/org/members', undefined, hostToken)).status).toBe(200);
    expect((await api(t, 'GET', '/org/members', undefined, memberTok)).status).toBe(403);
    expect((await api<ErrorReply>(t, 'GET', '/org/members?limit=100000', undefined, adminToken)).status).toBe(400);
    expect((await api(t, 'GET', `/org/members/${f.member.id}`, undefined, hostToken)).status).toBe(200);
  });
});
