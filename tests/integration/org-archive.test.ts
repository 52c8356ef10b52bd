import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AuditPage,
  AuthResponse,
  Endpoint,
  EndpointSheet,
  ImportResult,
  IssuedPin,
  LiveRun,
  Member,
  MemberPage,
  PinBatch,
  Session,
  SessionReport,
  StandbyResponse,
} from '@diem-cau/shared';
import { api, buildOrgFixture, loginToken, type OrgFixture } from '../support/orgFixture.js';
import { connectSocket, type TestSocket } from '../support/socketClient.js';
import { startTestApp, type TestApp } from '../support/testApp.js';
import { uploadFile } from '../support/upload.js';

type ErrorReply = { error: { code: string; details?: Array<{ path: string; message: string }> } };

const SOON = {
  scheduledStart: new Date(Date.now() + 3600_000).toISOString(),
  scheduledEnd: new Date(Date.now() + 7200_000).toISOString(),
};

/** Resolves with the reason the server gave when it ends the socket. */
function disconnected(socket: TestSocket): Promise<string> {
  return new Promise((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
}

/** The code a refused handshake answers with. */
async function handshakeRefusal(t: TestApp, token: string): Promise<string | undefined> {
  const refused: unknown = await connectSocket(t.url, { token }).then(
    (s) => {
      s.close();
      return null;
    },
    (e: unknown) => e,
  );
  return (refused as { data?: { code: string } } | null)?.data?.code;
}

/**
 * Members and endpoints with records are archived, never deleted (issue #14, "Evidence kept"): through
 * the real routes, an archived member cannot sign in and is thrown out, is left out of listings, PIN
 * batches and later sessions' expected members, and still counts in the report of the session they
 * attended; an archived endpoint's key, device credential and sockets are refused and it is not
 * invited or given keys. Restoring undoes it all. Each change is in the audit log with before/after.
 */
describe('archiving members and endpoints that have records', () => {
  let t: TestApp;
  let f: OrgFixture;
  let admin: string;
  let host: string;
  let cellId: string;
  const sockets: TestSocket[] = [];
  const keep = (s: TestSocket): TestSocket => {
    sockets.push(s);
    return s;
  };
  const join = async (token: string, sessionId: string): Promise<TestSocket> => {
    const s = keep(await connectSocket(t.url, { token }));
    const ack = await s.emitWithAck('session:join', { sessionId });
    if (!ack.ok) throw new Error(`join refused: ${ack.error.code}`);
    return s;
  };
  const liveReport = async (sessionId: string): Promise<SessionReport> => {
    const res = await api<SessionReport>(t, 'GET', `/reports/sessions/${sessionId}/live`, undefined, admin);
    expect(res.status).toBe(200);
    return res.body;
  };
  const auditOf = async (action: string, targetId: string) =>
    (await api<AuditPage>(t, 'GET', `/audit?action=${action}&targetId=${targetId}`, undefined, admin)).body.items;
  const runBatch = async (body: unknown): Promise<PinBatch> => {
    const started = await api<PinBatch>(t, 'POST', '/org/members/pins', body, admin);
    expect(started.status).toBe(202);
    let batch = started.body;
    const deadline = Date.now() + 60_000;
    while (batch.state !== 'done' && batch.state !== 'failed' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      batch = (await api<PinBatch>(t, 'GET', `/org/pin-batches/${started.body.batchId}`, undefined, admin)).body;
    }
    return batch;
  };
  /** A new session (created now, after whatever was archived before), scheduled, with these endpoints, live. */
  const newLiveSession = async (endpointIds: string[]): Promise<string> => {
    const created = await api<Session>(
      t,
      'POST',
      '/sessions',
      { title: 'Phiên sau lưu trữ', resolution: 'Nghị quyết thử', ...SOON },
      host,
    );
    expect(created.status).toBe(201);
    const sid = created.body.id;
    if (created.body.status !== 'scheduled')
      expect((await api(t, 'POST', `/sessions/${sid}/schedule`, SOON, host)).status).toBe(200);
    expect((await api(t, 'POST', `/sessions/${sid}/invites`, { endpointIds }, host)).status).toBe(200);
    expect((await api(t, 'POST', `/sessions/${sid}/start`, undefined, host)).status).toBe(200);
    return sid;
  };

  beforeAll(async () => {
    t = await startTestApp();
    f = await buildOrgFixture(t);
    admin = await loginToken(t, '/auth/login', { username: f.admin.username, password: f.admin.password });
    host = await loginToken(t, '/auth/login', { username: f.host.username, password: f.host.password });
    cellId = (await api<Member>(t, 'GET', `/org/members/${f.member.id}`, undefined, admin)).body.cellId;
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t?.close();
  });

  it('archives a member with records: no sign-in, thrown out, hidden, skipped by PIN batches and later sessions; past reports keep them; restore undoes it', async () => {
    const sid = f.sessionId; // a1 and b1 invited; the member's cell is in a1's commune
    const m = f.member;
    // A second member of the same cell, never archived.
    const other = await api<Member>(
      t,
      'POST',
      '/org/members',
      { cellId, fullName: 'Trần Thị Còn', memberNumber: `K${m.memberNumber}`, gender: 'female', birthYear: 1990 },
      admin,
    );
    expect(other.status).toBe(201);
    expect((await api(t, 'POST', `/sessions/${sid}/start`, undefined, host)).status).toBe(200);
    const hostSocket = await join(host, sid);
    const tv = await join(await loginToken(t, '/auth/endpoint', { endpointKey: f.keys.a1, sessionId: sid }), sid);
    const memberToken = await loginToken(t, '/auth/member', {
      memberNumber: m.memberNumber,
      pin: m.pin,
      sessionId: sid,
    });
    const phone = await join(memberToken, sid);
    const code = await tv.emitWithAck('checkin:currentCode', {});
    if (!code.ok) throw new Error('no check-in code');
    expect((await phone.emitWithAck('checkin:submit', { code: code.data.code })).ok).toBe(true);
    const question = await api<{ id: string }>(
      t,
      'POST',
      `/quiz/sessions/${sid}/questions`,
      { type: 'single', prompt: 'Nghị quyết số mấy?', options: ['57', '66'], correct: [0], timeLimitS: 60 },
      host,
    );
    expect(question.status).toBe(201);
    const launched = await hostSocket.emitWithAck('quiz:launch', { questionId: question.body.id });
    if (!launched.ok) throw new Error(`launch refused: ${launched.error.code}`);
    const run: LiveRun = launched.data;
    expect((await phone.emitWithAck('quiz:answer', { runId: run.runId, answer: { choice: [0] } })).ok).toBe(true);
    expect((await hostSocket.emitWithAck('quiz:close', { runId: run.runId })).ok).toBe(true);
    const counted = (r: SessionReport) => r.members.find((row) => row.memberId === m.id);
    expect(counted(await liveReport(sid))).toMatchObject({ invited: true, quizAnswered: 1, quizCorrect: 1 });
    const reportBefore = await liveReport(sid);

    // Records exist, so delete refuses (as before) and points at archiving.
    const refused = await api<ErrorReply>(t, 'DELETE', `/org/members/${m.id}`, undefined, admin);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('CONFLICT');
    expect(refused.body.error.details).toEqual([{ path: 'id', message: 'archivable' }]);

    const thrownOut = disconnected(phone);
    const archived = await api<Member>(t, 'POST', `/org/members/${m.id}/archive`, undefined, admin);
    expect(archived.status).toBe(200);
    expect(archived.body.archivedAt).toEqual(expect.any(String));
    expect(await thrownOut).toBe('io server disconnect');
    // Twice is a coded conflict, not a second entry.
    expect(
      (await api<ErrorReply>(t, 'POST', `/org/members/${m.id}/archive`, undefined, admin)).body.error.details,
    ).toEqual([{ path: 'id', message: 'archived' }]);
    const [entry, ...more] = await auditOf('member.archive', m.id);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      actor: { subject: f.admin.id, role: 'admin' },
      targetType: 'member',
      before: { memberNumber: m.memberNumber, archivedAt: null },
      after: { memberNumber: m.memberNumber, archivedAt: archived.body.archivedAt },
    });

    // The right PIN is told "archived" (a wrong one only "wrong"); the old token fails on REST and sockets.
    const signIn = await api<ErrorReply>(t, 'POST', '/auth/member', { memberNumber: m.memberNumber, pin: m.pin });
    expect(signIn.status).toBe(401);
    expect(signIn.body.error).toMatchObject({
      code: 'UNAUTHENTICATED',
      details: [{ path: 'member', message: 'archived' }],
    });
    const wrong = await api<ErrorReply>(t, 'POST', '/auth/member', {
      memberNumber: m.memberNumber,
      pin: m.pin === '000000' ? '111111' : '000000',
    });
    expect(wrong.body.error).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(wrong.body.error.details).toBeUndefined();
    expect((await api<ErrorReply>(t, 'GET', '/auth/me', undefined, memberToken)).status).toBe(401);
    expect(await handshakeRefusal(t, memberToken)).toBe('UNAUTHENTICATED');

    // Listings leave them out unless asked.
    const byNumber = (archivedFilter?: string) =>
      api<MemberPage>(
        t,
        'GET',
        `/org/members?q=${m.memberNumber}${archivedFilter ? `&archived=${archivedFilter}` : ''}`,
        undefined,
        admin,
      );
    expect((await byNumber()).body.total).toBe(0);
    expect((await byNumber('include')).body.items.map((x) => x.id)).toEqual([m.id]);
    expect((await byNumber('only')).body.items.map((x) => x.id)).toEqual([m.id]);
    expect((await api<ErrorReply>(t, 'GET', '/org/members?archived=maybe', undefined, admin)).status).toBe(400);

    // No PIN for them, alone or in a batch (an active member of the same cell gets one).
    expect((await api<ErrorReply>(t, 'POST', `/org/members/${m.id}/pin`, undefined, admin)).status).toBe(409);
    expect(await runBatch({ unitId: cellId })).toMatchObject({ state: 'done', count: 1 });
    expect(await runBatch({ memberIds: [m.id, other.body.id] })).toMatchObject({ state: 'done', count: 1 });

    // The session they attended still counts them; a session started after archiving does not expect them.
    const reportAfter = await liveReport(sid);
    expect(counted(reportAfter)).toMatchObject({ invited: true, quizAnswered: 1, quizCorrect: 1 });
    expect(reportAfter.summary.invitedMembers).toBe(reportBefore.summary.invitedMembers);
    expect(reportAfter.summary.checkedInMembers).toBe(reportBefore.summary.checkedInMembers);
    const later = await newLiveSession([f.endpoints.a1]);
    const laterReport = await liveReport(later);
    expect(counted(laterReport)).toBeUndefined();
    expect(laterReport.members.map((row) => row.memberId)).toEqual([other.body.id]);

    // Restore: listed again, a new PIN signs in and joins.
    const restored = await api<Member>(t, 'POST', `/org/members/${m.id}/restore`, undefined, admin);
    expect(restored).toMatchObject({ status: 200, body: { archivedAt: null } });
    expect((await auditOf('member.restore', m.id))[0]).toMatchObject({
      before: { archivedAt: archived.body.archivedAt },
      after: { archivedAt: null },
    });
    expect((await byNumber()).body.items.map((x) => x.id)).toContain(m.id);
    const pin = await api<IssuedPin>(t, 'POST', `/org/members/${m.id}/pin`, undefined, admin);
    expect(pin.status).toBe(200);
    const again = await api<AuthResponse>(t, 'POST', '/auth/member', {
      memberNumber: m.memberNumber,
      pin: pin.body.pin,
      sessionId: later,
    });
    expect(again.status).toBe(200);
    await join(again.body.token, later);
    expect(
      (await api<ErrorReply>(t, 'POST', `/org/members/${m.id}/restore`, undefined, admin)).body.error.details,
    ).toEqual([{ path: 'id', message: 'not_archived' }]);
  });

  it('archives an endpoint with records: key, device credential and sockets refused, no keys or invitations; restore undoes it', async () => {
    const sid = f.sessionId; // live since the first test; a1 has joined it
    const a1 = f.endpoints.a1;
    const device = await api<AuthResponse>(t, 'POST', '/auth/endpoint/pair', { endpointKey: f.keys.a1 });
    expect(device.status).toBe(200);
    expect((await api<StandbyResponse>(t, 'GET', '/endpoint/standby', undefined, device.body.token)).status).toBe(200);
    const tvToken = await loginToken(t, '/auth/endpoint', { endpointKey: f.keys.a1, sessionId: sid });
    const tv = await join(tvToken, sid);
    const invitedBefore = (await liveReport(sid)).endpoints.find((e) => e.endpointId === a1);
    expect(invitedBefore).toBeDefined();

    const refused = await api<ErrorReply>(t, 'DELETE', `/org/endpoints/${a1}`, undefined, admin);
    expect(refused).toMatchObject({ status: 409, body: { error: { code: 'CONFLICT' } } });
    expect(refused.body.error.details).toEqual([{ path: 'id', message: 'archivable' }]);

    const thrownOut = disconnected(tv);
    const archived = await api<Endpoint>(t, 'POST', `/org/endpoints/${a1}/archive`, undefined, admin);
    expect(archived.status).toBe(200);
    expect(archived.body.archivedAt).toEqual(expect.any(String));
    expect(await thrownOut).toBe('io server disconnect');
    expect((await auditOf('endpoint.archive', a1))[0]).toMatchObject({
      targetType: 'endpoint',
      before: { name: 'Điểm cầu A1', archivedAt: null },
      after: { name: 'Điểm cầu A1', archivedAt: archived.body.archivedAt },
    });

    // Its key, its paired device, its pairing link and its tokens are refused, with the code saying why.
    const archivedError = { code: 'UNAUTHENTICATED', details: [{ path: 'endpoint', message: 'archived' }] };
    const key = await api<ErrorReply>(t, 'POST', '/auth/endpoint', { endpointKey: f.keys.a1, sessionId: sid });
    expect(key).toMatchObject({ status: 401, body: { error: archivedError } });
    const standby = await api<ErrorReply>(t, 'GET', '/endpoint/standby', undefined, device.body.token);
    expect(standby).toMatchObject({ status: 401, body: { error: archivedError } });
    const pair = await api<ErrorReply>(t, 'POST', '/auth/endpoint/pair', { endpointKey: f.keys.a1 });
    expect(pair).toMatchObject({ status: 401, body: { error: archivedError } });
    expect(await handshakeRefusal(t, tvToken)).toBe('UNAUTHENTICATED');

    // Hidden from listings unless asked; no key for it, alone or in bulk; no new invitation.
    const ids = async (query: string) =>
      (await api<Endpoint[]>(t, 'GET', `/org/endpoints${query}`, undefined, admin)).body.map((e) => e.id);
    expect(await ids('')).not.toContain(a1);
    expect(await ids('?archived=include')).toContain(a1);
    expect(await ids('?archived=only')).toEqual([a1]);
    expect((await api<ErrorReply>(t, 'POST', `/org/endpoints/${a1}/key`, undefined, admin)).status).toBe(409);
    const bulk = await api<ErrorReply>(t, 'POST', '/org/endpoints/keys', { endpointIds: [a1] }, admin);
    expect(bulk).toMatchObject({ status: 409, body: { error: { code: 'CONFLICT' } } });
    const all = await api<EndpointSheet>(t, 'POST', '/org/endpoints/keys', { districtId: f.districtA }, admin);
    expect(all).toMatchObject({ status: 201, body: { count: 1 } }); // a2 only
    const s = await api<Session>(t, 'POST', '/sessions', { title: 'Phiên mới', resolution: 'NQ', ...SOON }, host);
    const invite = await api<ErrorReply>(t, 'POST', `/sessions/${s.body.id}/invites`, { endpointIds: [a1] }, host);
    expect(invite).toMatchObject({ status: 409, body: { error: { code: 'CONFLICT' } } });
    expect(await api(t, 'POST', `/sessions/${s.body.id}/invites`, { all: true }, host)).toMatchObject({
      status: 200,
      body: { added: 2 }, // a2 and b1
    });

    // The session it was in still reports it.
    expect((await liveReport(sid)).endpoints.find((e) => e.endpointId === a1)).toMatchObject({
      endpointName: 'Điểm cầu A1',
      connectedMs: expect.any(Number),
    });

    // Restore: its key and its paired device work again.
    const restored = await api<Endpoint>(t, 'POST', `/org/endpoints/${a1}/restore`, undefined, admin);
    expect(restored).toMatchObject({ status: 200, body: { archivedAt: null } });
    expect((await auditOf('endpoint.restore', a1))[0]).toMatchObject({ after: { archivedAt: null } });
    expect((await api(t, 'GET', '/endpoint/standby', undefined, device.body.token)).status).toBe(200);
    await join(await loginToken(t, '/auth/endpoint', { endpointKey: f.keys.a1, sessionId: sid }), sid);
    expect(await ids('')).toContain(a1);
  });

  it('leaves an archived member archived and unchanged when an import names them, and says so per row', async () => {
    const m = (await api<Member>(t, 'POST', `/org/members/${f.member.id}/archive`, undefined, admin)).body;
    const cell = (
      await api<Array<{ id: string; code: string }>>(t, 'GET', '/org/units?kind=cell', undefined, admin)
    ).body.find((u) => u.id === cellId)!;
    const file = [
      'Họ và tên,Số thẻ đảng viên,Giới tính,Năm sinh,Mã chi bộ',
      `Tên Đổi Mới,${m.memberNumber},Nam,1980,${cell.code}`,
      `Người Mới,${m.memberNumber}N,Nữ,1992,${cell.code}`,
    ].join('\n');
    const imported = await uploadFile<ImportResult>(t, '/org/import/members', file, 'dang-vien.csv', admin, 'text/csv');
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ created: 1, updated: 0 });
    expect(imported.body.warnings).toEqual([{ path: 'row.2.memberNumber', message: 'archived_member' }]);
    const still = await api<Member>(t, 'GET', `/org/members/${m.id}`, undefined, admin);
    expect(still.body).toMatchObject({ fullName: m.fullName, archivedAt: m.archivedAt });
  });

  it('lets only admins archive and restore', async () => {
    for (const path of [
      `/org/members/${f.member.id}/restore`,
      `/org/members/${f.member.id}/archive`,
      `/org/endpoints/${f.endpoints.b1}/archive`,
      `/org/endpoints/${f.endpoints.b1}/restore`,
    ]) {
      expect((await api<ErrorReply>(t, 'POST', path, undefined, host)).body.error.code, path).toBe('FORBIDDEN');
      expect((await api(t, 'POST', path)).status, path).toBe(401);
    }
    const b1Token = await loginToken(t, '/auth/endpoint', { endpointKey: f.keys.b1, sessionId: f.sessionId });
    expect(
      (await api<ErrorReply>(t, 'POST', `/org/endpoints/${f.endpoints.b1}/archive`, undefined, b1Token)).body.error
        .code,
    ).toBe('FORBIDDEN');
    expect(
      (await api<ErrorReply>(t, 'POST', `/org/members/${crypto.randomUUID()}/archive`, undefined, admin)).body.error
        .code,
    ).toBe('NOT_FOUND');
    expect((await api<Endpoint[]>(t, 'GET', '/org/endpoints?archived=only', undefined, admin)).body).toEqual([]);
  });
});
