import { foldText } from '@diem-cau/server/src/store/textFold.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Endpoint, Member, MemberPage, OrgUnit, Session } from '@diem-cau/shared';
import { seedDemoProvince, type DemoCredentials } from '@diem-cau/server/src/demo/demoSeed.js';
import { pinHashes } from '@diem-cau/server/src/auth/pinHashes.js';
import { api, loginToken } from '../support/orgFixture.js';
import { connectSocket, type TestSocket } from '../support/socketClient.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

type ErrorReply = { error: { code: string; details?: Array<{ path: string; message: string }> } };

/**
 * The admin screens' routes on the demo province (3,500+ synthetic members): the members list with
 * search, unit filter and server-side paging; editing a member; deletes that attendance evidence refuses.
 */
describe('organisation admin routes: member paging and search, edits, deletes kept by evidence', () => {
  let t: TestApp;
  let demo: DemoCredentials;
  let adminToken: string;
  let hostToken: string;
  const sockets: TestSocket[] = [];
  const members = (query: string, token = adminToken) =>
    api<MemberPage>(t, 'GET', `/org/members${query}`, undefined, token);

  beforeAll(async () => {
    t = await startTestApp();
    const seeded = await seedDemoProvince(t.app.db, pinHashes(t.app.ctx), t.app.ctx.log);
    if (!seeded) throw new Error('demo province not seeded');
    demo = seeded;
    adminToken = await loginToken(t, '/auth/login', demo.admin);
    hostToken = await loginToken(t, '/auth/login', demo.host);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t?.close();
  });

  it('pages through every member on the server, in a stable order, without overlap', async () => {
    const first = await members('?limit=50&offset=0');
    expect(first.status).toBe(200);
    expect(first.body.total).toBe(demo.counts.members);
    expect(first.body.total).toBeGreaterThan(3000);
    expect(first.body.items).toHaveLength(50);
    const second = await members('?limit=50&offset=50');
    const ids = new Set(first.body.items.map((m) => m.id));
    expect(second.body.items.some((m) => ids.has(m.id))).toBe(false);
    const names = [...first.body.items, ...second.body.items].map((m) => m.fullName);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const last = await members(`?limit=50&offset=${first.body.total - 10}`);
    expect(last.body.items).toHaveLength(10);
    expect((await members(`?limit=50&offset=${first.body.total}`)).body.items).toHaveLength(0);
    // Every listed member is synthetic demo data and says so.
    expect(first.body.items.every((m) => m.synthetic)).toBe(true);
  });

  it('searches by member number (prefix) and by name, and filters by district, commune and cell', async () => {
    const sample = (await members('?limit=1&offset=1234')).body.items[0] as Member;
    const byNumber = await members(`?q=${encodeURIComponent(sample.memberNumber)}`);
    expect(byNumber.body.items.map((m) => m.id)).toContain(sample.id);
    expect(byNumber.body.items.every((m) => m.memberNumber.startsWith(sample.memberNumber))).toBe(true);

    const given = sample.fullName.split(' ').slice(-1)[0] as string;
    const byName = await members(`?q=${encodeURIComponent(given)}&limit=500`);
    expect(byName.body.total).toBeGreaterThan(0);
    expect(byName.body.total).toBeLessThan(demo.counts.members);
    expect(byName.body.items.every((m) => foldText(m.fullName).includes(foldText(given)))).toBe(true);

    // Case and diacritics do not matter: "nguyen thi" finds "Nguyễn Thị …", as people type on phones.
    const folded = foldText(sample.fullName);
    const byFolded = await members(`?q=${encodeURIComponent(folded)}&limit=500`);
    expect(byFolded.body.items.map((m) => m.id)).toContain(sample.id);
    const upper = await members(`?q=${encodeURIComponent(sample.fullName.toUpperCase())}&limit=500`);
    expect(upper.body.items.map((m) => m.id)).toContain(sample.id);

    const districts = (await api<OrgUnit[]>(t, 'GET', '/org/units?kind=district', undefined, adminToken)).body;
    expect(districts).toHaveLength(8);
    const district = districts[0] as OrgUnit;
    const inDistrict = await members(`?unitId=${district.id}&limit=500`);
    expect(inDistrict.body.total).toBeGreaterThan(0);
    expect(inDistrict.body.total).toBeLessThan(demo.counts.members);
    const communes = (await api<OrgUnit[]>(t, 'GET', `/org/units?parentId=${district.id}`, undefined, adminToken)).body;
    const communeNames = new Set(communes.map((c) => c.name));
    expect(inDistrict.body.items.every((m) => m.communeName !== null && communeNames.has(m.communeName))).toBe(true);
    const commune = communes[0] as OrgUnit;
    const inCommune = await members(`?unitId=${commune.id}&limit=500`);
    expect(inCommune.body.total).toBeGreaterThan(0);
    expect(inCommune.body.items.every((m) => m.communeName === commune.name)).toBe(true);
    const cell = (await api<OrgUnit[]>(t, 'GET', `/org/units?parentId=${commune.id}`, undefined, adminToken))
      .body[0] as OrgUnit;
    const inCell = await members(`?unitId=${cell.id}&limit=500`);
    expect(inCell.body.items.every((m) => m.cellId === cell.id)).toBe(true);
    expect(inCell.body.total).toBeLessThanOrEqual(inCommune.body.total);
    // Filters combine with the search.
    const both = await members(
      `?unitId=${cell.id}&q=${encodeURIComponent((inCell.body.items[0] as Member).memberNumber)}`,
    );
    expect(both.body.items.map((m) => m.id)).toEqual([(inCell.body.items[0] as Member).id]);
    // A LIKE wildcard in the search is taken literally.
    expect((await members('?q=%25')).body.total).toBe(0);
  });

  it('refuses bad queries with a coded error, and callers that are not staff', async () => {
    for (const q of [
      '?limit=0',
      '?limit=501',
      '?offset=-1',
      '?limit=abc',
      '?unitId=not-a-uuid',
      `?q=${'x'.repeat(101)}`,
      '?sort=name',
    ]) {
      const res = await api<ErrorReply>(t, 'GET', `/org/members${q}`, undefined, adminToken);
      expect(res.status, q).toBe(400);
      expect(res.body.error.code).toBe('BAD_REQUEST');
    }
    expect((await members('?limit=5', hostToken)).status).toBe(200);
    expect((await api(t, 'GET', '/org/members')).status).toBe(401);
    const endpointToken = await loginToken(t, '/auth/endpoint', {
      endpointKey: demo.endpointKeys[0]?.key,
      sessionId: demo.sessionId,
    });
    expect((await api<ErrorReply>(t, 'GET', '/org/members', undefined, endpointToken)).body.error.code).toBe(
      'FORBIDDEN',
    );
  });

  it('edits a member’s phone (normalised); a bad phone or a taken number changes nothing; hosts may not edit', async () => {
    const [a, b] = (await members('?limit=2&offset=10')).body.items as [Member, Member];
    const ok = await api<Member>(t, 'PATCH', `/org/members/${a.id}`, { phone: '0912 345.678' }, adminToken);
    expect(ok.status).toBe(200);
    expect(ok.body.phone).toBe('0912345678');
    const bad = await api<ErrorReply>(
      t,
      'PATCH',
      `/org/members/${a.id}`,
      { phone: '12345', fullName: 'Đổi tên' },
      adminToken,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details?.map((d) => d.path)).toContain('phone');
    const taken = await api<ErrorReply>(
      t,
      'PATCH',
      `/org/members/${a.id}`,
      { memberNumber: b.memberNumber },
      adminToken,
    );
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('CONFLICT');
    expect((await api(t, 'PATCH', `/org/members/${a.id}`, { phone: '0987654321' }, hostToken)).status).toBe(403);
    const now = await api<Member>(t, 'GET', `/org/members/${a.id}`, undefined, adminToken);
    expect(now.body).toMatchObject({ phone: '0912345678', fullName: a.fullName, memberNumber: a.memberNumber });
  });

  it('refuses to delete an endpoint whose attendance is on record, even once uninvited; deletes an unused one', async () => {
    const sample = demo.endpointKeys[0] as DemoCredentials['endpointKeys'][number];
    const started = await api<Session>(t, 'POST', `/sessions/${demo.sessionId}/start`, undefined, hostToken);
    expect(started.body.status).toBe('live');
    const token = await loginToken(t, '/auth/endpoint', { endpointKey: sample.key, sessionId: demo.sessionId });
    const socket = await connectSocket(t.url, { token });
    sockets.push(socket);
    expect((await socket.emitWithAck('session:join', { sessionId: demo.sessionId })).ok).toBe(true);
    socket.close();
    await api(t, 'DELETE', `/sessions/${demo.sessionId}/invites/${sample.endpointId}`, undefined, hostToken);
    const evidence = () =>
      t.app.db
        .selectFrom('attendance_intervals')
        .select('endpoint_id')
        .where('endpoint_id', '=', sample.endpointId)
        .execute();
    expect((await evidence()).length).toBeGreaterThan(0);

    const refused = await api<ErrorReply>(t, 'DELETE', `/org/endpoints/${sample.endpointId}`, undefined, adminToken);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('CONFLICT');
    expect((await evidence()).length).toBeGreaterThan(0);
    expect(
      await t.app.db.selectFrom('endpoints').select('id').where('id', '=', sample.endpointId).executeTakeFirst(),
    ).toBeDefined();

    const commune = (await api<OrgUnit[]>(t, 'GET', '/org/units?kind=commune', undefined, adminToken))
      .body[0] as OrgUnit;
    const spare = await api<Endpoint>(
      t,
      'POST',
      '/org/endpoints',
      { unitId: commune.id, name: 'Điểm cầu dự phòng' },
      adminToken,
    );
    expect(spare.status).toBe(201);
    expect((await api(t, 'DELETE', `/org/endpoints/${spare.body.id}`, undefined, adminToken)).status).toBe(204);
    expect(
      (await api<ErrorReply>(t, 'DELETE', `/org/endpoints/${spare.body.id}`, undefined, adminToken)).body.error.code,
    ).toBe('NOT_FOUND');
    // A unit that still has communes, endpoints or members is kept too.
    expect(
      (await api<ErrorReply>(t, 'DELETE', `/org/units/${commune.id}`, undefined, adminToken)).body.error.code,
    ).toBe('CONFLICT');
  });
});
