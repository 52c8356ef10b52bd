import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionAttendance } from '@diem-cau/shared';
import { codeStepsAgo, nextPanel } from '../support/attendanceHelpers.js';
import { api, buildOrgFixture, loginToken, type OrgFixture } from '../support/orgFixture.js';
import { connectSocket, emitRaw, type TestSocket } from '../support/socketClient.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

describe('attendance: intervals, head-counts, check-in and the live panel', () => {
  let t: TestApp;
  let f: OrgFixture;
  let hostToken: string;
  let adminToken: string;
  const sockets: TestSocket[] = [];
  const connect = async (token: string): Promise<TestSocket> => {
    const s = await connectSocket(t.url, { token });
    sockets.push(s);
    return s;
  };
  const joinAs = async (token: string, sessionId: string): Promise<TestSocket> => {
    const s = await connect(token);
    const ack = await s.emitWithAck('session:join', { sessionId });
    if (!ack.ok) throw new Error(`join refused: ${ack.error.code}`);
    return s;
  };
  const endpointToken = (key: string, sessionId: string) =>
    loginToken(t, '/auth/endpoint', { endpointKey: key, sessionId });
  const memberToken = () => loginToken(t, '/auth/member', { memberNumber: f.member.memberNumber, pin: f.member.pin });
  const intervals = (sessionId: string) =>
    t.app.db
      .selectFrom('attendance_intervals')
      .selectAll()
      .where('session_id', '=', sessionId)
      .orderBy('started_at')
      .execute();
  const checkins = (sessionId: string) =>
    t.app.db.selectFrom('checkins').selectAll().where('session_id', '=', sessionId).orderBy('checked_in_at').execute();

  beforeAll(async () => {
    t = await startTestApp();
    f = await buildOrgFixture(t);
    hostToken = await loginToken(t, '/auth/login', { username: f.host.username, password: f.host.password });
    adminToken = await loginToken(t, '/auth/login', { username: f.admin.username, password: f.admin.password });
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t?.close();
  });

  it('opens an interval per screen before the join is acked; two screens count once; leave and disconnect close them', async () => {
    const sid = f.sessionId;
    const host = await joinAs(hostToken, sid);
    const token = await endpointToken(f.keys.a1, sid);
    const screen1 = await connect(token);
    const ack = await screen1.emitWithAck('session:join', { sessionId: sid });
    expect(ack.ok).toBe(true);
    // Durable before acknowledged: the row is there the moment the ack arrives.
    const open = await intervals(sid);
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ endpoint_id: f.endpoints.a1, ended_at: null });
    expect(open[0]?.last_seen_at).not.toBeNull();

    const twoScreens = nextPanel(host, (s) => s.totals.connected === 1);
    const screen2 = await joinAs(token, sid);
    expect((await twoScreens).totals).toMatchObject({ invited: 2, connected: 1 });
    expect(await intervals(sid)).toHaveLength(2);

    expect(await screen2.emitWithAck('session:leave', {})).toEqual({ ok: true, data: { left: sid } });
    screen1.disconnect();
    await expect.poll(async () => (await intervals(sid)).filter((r) => r.ended_at === null).length).toBe(0);
    const reasons = (await intervals(sid)).map((r) => r.close_reason).sort();
    expect(reasons).toEqual(['disconnected', 'left']);
    const snap = await host.emitWithAck('attendance:snapshot', {});
    expect(snap.ok && snap.data.totals.connected).toBe(0);
  });

  it('stores head-count reports with their time before the ack; only a joined endpoint may report', async () => {
    const sid = f.sessionId;
    const host = await joinAs(hostToken, sid);
    const token = await endpointToken(f.keys.b1, sid);
    const notJoined = await connect(token);
    expect(await notJoined.emitWithAck('attendance:headcount', { count: 5 })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    const endpoint = await joinAs(token, sid);
    expect(await emitRaw(endpoint, 'attendance:headcount', { count: -1 })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    expect(await emitRaw(endpoint, 'attendance:headcount', { count: 1.5 })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    expect(await emitRaw(endpoint, 'attendance:headcount', {})).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    const panel = nextPanel(host, (s) => s.totals.headcount === 48);
    const first = await endpoint.emitWithAck('attendance:headcount', { count: 45 });
    expect(first).toMatchObject({ ok: true, data: { count: 45 } });
    expect(await endpoint.emitWithAck('attendance:headcount', { count: 48 })).toMatchObject({ ok: true });
    const stored = await t.app.db
      .selectFrom('headcount_reports')
      .selectAll()
      .where('session_id', '=', sid)
      .orderBy('reported_at')
      .execute();
    expect(stored.map((r) => r.head_count)).toEqual([45, 48]);
    expect(stored[0]?.reported_at).toBe(first.ok ? first.data.reportedAt : '');
    const snapshot = await panel;
    expect(snapshot.districts.find((d) => d.districtId === f.districtB)).toMatchObject({
      invited: 1,
      connected: 1,
      headcount: 48,
    });
    // Members, hosts cannot report; members and endpoints cannot read the panel.
    const member = await joinAs(await memberToken(), sid);
    expect(await member.emitWithAck('attendance:headcount', { count: 1 })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await host.emitWithAck('attendance:headcount', { count: 1 })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await member.emitWithAck('attendance:snapshot', {})).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await endpoint.emitWithAck('attendance:snapshot', {})).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    endpoint.disconnect();
  });

  it('checks a member in with the code on the screen: twice is harmless, moving closes the previous row, leave checks out', async () => {
    const sid = f.otherSessionId; // every endpoint invited
    const host = await joinAs(hostToken, sid);
    const a1 = await joinAs(await endpointToken(f.keys.a1, sid), sid);
    const a2 = await joinAs(await endpointToken(f.keys.a2, sid), sid);
    const member = await joinAs(await memberToken(), sid);

    const shown = await a1.emitWithAck('checkin:currentCode', {});
    expect(shown.ok).toBe(true);
    if (!shown.ok) return;
    expect(shown.data).toMatchObject({ sessionId: sid, endpointId: f.endpoints.a1, stepSeconds: 30, checkedIn: 0 });
    expect(shown.data.code).toMatch(/^[2-9A-Z]{6}$/);
    expect(shown.data.expiresAt).toBeGreaterThan(shown.data.serverTime);

    const panel = nextPanel(host, (s) => s.totals.checkedIn === 1);
    // Typed in lower case with a dash: normalised.
    const typed = `${shown.data.code.slice(0, 3).toLowerCase()}-${shown.data.code.slice(3)}`;
    const done = await member.emitWithAck('checkin:submit', { code: typed });
    expect(done).toMatchObject({
      ok: true,
      data: { endpointId: f.endpoints.a1, endpointName: 'Điểm cầu A1', already: false },
    });
    expect((await checkins(sid)).filter((c) => c.checked_out_at === null)).toHaveLength(1);
    expect((await panel).districts.find((d) => d.districtId === f.districtA)?.checkedIn).toBe(1);
    expect(await member.emitWithAck('checkin:submit', { code: shown.data.code })).toMatchObject({
      ok: true,
      data: { already: true },
    });
    expect(await checkins(sid)).toHaveLength(1);
    expect(await member.emitWithAck('checkin:status', {})).toMatchObject({
      ok: true,
      data: { checkin: { endpointId: f.endpoints.a1 } },
    });
    const count = await a1.emitWithAck('checkin:currentCode', {});
    expect(count.ok && count.data.checkedIn).toBe(1);

    // With the QR's endpoint id: the code of another endpoint is refused as invalid.
    const a2Code = await a2.emitWithAck('checkin:currentCode', {});
    if (!a2Code.ok) throw new Error('no code');
    expect(
      await member.emitWithAck('checkin:submit', { code: a2Code.data.code, endpointId: f.endpoints.a1 }),
    ).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', details: [{ path: 'code', message: 'invalid' }] },
    });
    const moved = await member.emitWithAck('checkin:submit', { code: a2Code.data.code, endpointId: f.endpoints.a2 });
    expect(moved).toMatchObject({ ok: true, data: { endpointId: f.endpoints.a2, already: false } });
    const rows = await checkins(sid);
    expect(rows.map((r) => [r.endpoint_id, r.checkout_reason])).toEqual([
      [f.endpoints.a1, 'moved'],
      [f.endpoints.a2, null],
    ]);
    expect(await member.emitWithAck('checkin:leave', {})).toEqual({ ok: true, data: { checkedOut: true } });
    expect(await member.emitWithAck('checkin:leave', {})).toEqual({ ok: true, data: { checkedOut: false } });
    expect((await checkins(sid)).at(-1)?.checkout_reason).toBe('left');
    expect(await member.emitWithAck('checkin:status', {})).toEqual({ ok: true, data: { checkin: null } });
  });

  it('refuses stale and foreign codes with a clear reason, checks roles, and rate-limits guessing', async () => {
    const sid = f.otherSessionId;
    const member = await joinAs(await memberToken(), sid);
    const stale = codeStepsAgo(t, sid, f.endpoints.b1, 4);
    expect(await member.emitWithAck('checkin:submit', { code: stale })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', details: [{ path: 'code', message: 'expired' }] },
    });
    // The current code of the same endpoint in another session is foreign here.
    const foreign = codeStepsAgo(t, f.sessionId, f.endpoints.b1, 0);
    expect(await member.emitWithAck('checkin:submit', { code: foreign })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', details: [{ message: 'invalid' }] },
    });
    expect(await emitRaw(member, 'checkin:submit', { code: 'O0I1L!' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    expect(await emitRaw(member, 'checkin:submit', { code: 'ABCDEF', endpointId: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    expect(await member.emitWithAck('checkin:currentCode', {})).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const endpoint = await joinAs(await endpointToken(f.keys.b1, sid), sid);
    expect(await endpoint.emitWithAck('checkin:submit', { code: 'ABCDEF' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const host = await joinAs(hostToken, sid);
    expect(await host.emitWithAck('checkin:currentCode', {})).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const unjoined = await connect(await memberToken());
    expect(await unjoined.emitWithAck('checkin:submit', { code: 'ABCDEF' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    // Guessing: after 10 wrong codes in a session, even a right one waits.
    for (let i = 0; i < 8; i++) await member.emitWithAck('checkin:submit', { code: 'ZZZZZZ' });
    const right = await endpoint.emitWithAck('checkin:currentCode', {});
    if (!right.ok) throw new Error('no code');
    expect(await member.emitWithAck('checkin:submit', { code: right.data.code })).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED' },
    });
    expect((await checkins(sid)).filter((c) => c.checked_out_at === null)).toHaveLength(0);
  });

  it('the session end closes intervals and check-ins; the computed view merges and counts', async () => {
    const sid = f.sessionId;
    const start = await api(t, 'POST', `/sessions/${sid}/start`, undefined, hostToken);
    expect(start.status).toBe(200);
    const endpointTok = await endpointToken(f.keys.a1, sid);
    const screen = await joinAs(endpointTok, sid);
    screen.disconnect();
    await expect.poll(async () => (await intervals(sid)).filter((r) => r.ended_at === null).length).toBe(0);
    const again = await joinAs(endpointTok, sid);
    const code = await again.emitWithAck('checkin:currentCode', {});
    if (!code.ok) throw new Error('no code');
    const member = await joinAs(await memberToken(), sid);
    expect((await member.emitWithAck('checkin:submit', { code: code.data.code })).ok).toBe(true);

    const view = await api<SessionAttendance>(t, 'GET', `/sessions/${sid}/attendance`, undefined, hostToken);
    expect(view.status).toBe(200);
    const a1 = view.body.endpoints.find((e) => e.endpointId === f.endpoints.a1);
    // Earlier test rows plus these two; the reconnect within the grace merged into one interval.
    expect(a1?.reconnects).toBeGreaterThanOrEqual(1);
    expect(a1?.intervals.at(-1)?.end).toBeNull();
    expect(view.body.members).toHaveLength(1);
    expect(
      (await api(t, 'GET', `/sessions/${sid}/attendance`, undefined, await endpointToken(f.keys.b1, sid))).status,
    ).toBe(403);
    const otherHost = await loginToken(t, '/auth/login', {
      username: f.otherHost.username,
      password: f.otherHost.password,
    });
    expect((await api(t, 'GET', `/sessions/${sid}/attendance`, undefined, otherHost)).status).toBe(403);

    expect((await api(t, 'POST', `/sessions/${sid}/end`, undefined, adminToken)).status).toBe(200);
    const all = await intervals(sid);
    expect(all.filter((r) => r.ended_at === null)).toHaveLength(0);
    expect(all.at(-1)?.close_reason).toBe('session_ended');
    const c = await checkins(sid);
    expect(c.at(-1)).toMatchObject({ checkout_reason: 'session_ended' });
    expect(c.at(-1)?.checked_out_at).toBe(all.at(-1)?.ended_at);
    const ended = await api<SessionAttendance>(t, 'GET', `/sessions/${sid}/attendance`, undefined, adminToken);
    expect(ended.body.members[0]?.presentMs).toBeGreaterThan(0);
    expect(typeof ended.body.members[0]?.attended).toBe('boolean');
  });
});
