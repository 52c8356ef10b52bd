import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InviteResponse, InvitedEndpoint, Session } from '@diem-cau/shared';
import { sessionService } from '@diem-cau/server/src/domain/sessions/index.js';
import { AppError } from '@diem-cau/server/src/errors/AppError.js';
import { api, buildOrgFixture, loginToken, type OrgFixture } from '../support/orgFixture.js';
import { connectSocket, emitRaw, type TestSocket } from '../support/socketClient.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

type ErrorReply = { error: { code: string } };

describe('sessions: REST life cycle and session:join', () => {
  let t: TestApp;
  let f: OrgFixture;
  let hostToken: string;
  let otherHostToken: string;
  let adminToken: string;
  const sockets: TestSocket[] = [];
  const connect = async (token: string): Promise<TestSocket> => {
    const s = await connectSocket(t.url, { token });
    sockets.push(s);
    return s;
  };

  beforeAll(async () => {
    t = await startTestApp();
    f = await buildOrgFixture(t);
    hostToken = await loginToken(t, '/auth/login', { username: f.host.username, password: f.host.password });
    otherHostToken = await loginToken(t, '/auth/login', {
      username: f.otherHost.username,
      password: f.otherHost.password,
    });
    adminToken = await loginToken(t, '/auth/login', { username: f.admin.username, password: f.admin.password });
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t?.close();
  });

  it('creates a draft, edits, schedules, invites by district and all, and validates input', async () => {
    const created = await api<Session>(
      t,
      'POST',
      '/sessions',
      { title: 'Học tập Nghị quyết', resolution: 'Nghị quyết số 01' },
      hostToken,
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'draft',
      hostAccountId: f.host.id,
      hostName: 'host',
      attendanceThreshold: 0.8,
      invitedEndpointCount: 0,
    });
    const id = created.body.id;

    const bad = await api<ErrorReply>(
      t,
      'POST',
      `/sessions/${id}/schedule`,
      { scheduledStart: '2030-01-02T09:00:00Z', scheduledEnd: '2030-01-02T08:00:00Z' },
      hostToken,
    );
    expect(bad.body.error.code).toBe('BAD_REQUEST');
    const notIso = await api<ErrorReply>(t, 'PATCH', `/sessions/${id}`, { title: '' }, hostToken);
    expect(notIso.body.error.code).toBe('BAD_REQUEST');
    expect((await api<Session>(t, 'GET', `/sessions/${id}`, undefined, hostToken)).body.title).toBe(
      'Học tập Nghị quyết',
    );

    const patched = await api<Session>(
      t,
      'PATCH',
      `/sessions/${id}`,
      { title: 'Học tập Nghị quyết (sửa)', attendanceThreshold: 0.75 },
      hostToken,
    );
    expect(patched.body).toMatchObject({ title: 'Học tập Nghị quyết (sửa)', attendanceThreshold: 0.75 });
    const scheduled = await api<Session>(
      t,
      'POST',
      `/sessions/${id}/schedule`,
      { scheduledStart: '2030-01-02T08:00:00+07:00', scheduledEnd: '2030-01-02T11:00:00+07:00' },
      hostToken,
    );
    expect(scheduled.body).toMatchObject({
      status: 'scheduled',
      scheduledStart: '2030-01-02T01:00:00.000Z',
      scheduledEnd: '2030-01-02T04:00:00.000Z',
    });

    const byDistrict = await api<InviteResponse>(
      t,
      'POST',
      `/sessions/${id}/invites`,
      { districtId: f.districtA },
      hostToken,
    );
    expect(byDistrict.body).toEqual({ added: 2, invitedEndpointCount: 2 });
    const invited = await api<InvitedEndpoint[]>(t, 'GET', `/sessions/${id}/invites`, undefined, hostToken);
    expect(invited.body.map((e) => e.endpointId).sort()).toEqual([f.endpoints.a1, f.endpoints.a2].sort());
    expect(invited.body[0]?.districtId).toBe(f.districtA);
    const all = await api<InviteResponse>(t, 'POST', `/sessions/${id}/invites`, { all: true }, hostToken);
    expect(all.body).toEqual({ added: 1, invitedEndpointCount: 3 });
    const unknown = await api<ErrorReply>(
      t,
      'POST',
      `/sessions/${id}/invites`,
      { endpointIds: [crypto.randomUUID()] },
      hostToken,
    );
    expect(unknown.body.error.code).toBe('NOT_FOUND');
    const mixed = await api<ErrorReply>(
      t,
      'POST',
      `/sessions/${id}/invites`,
      { all: true, districtId: f.districtA },
      hostToken,
    );
    expect(mixed.body.error.code).toBe('BAD_REQUEST');
    const removed = await api<InviteResponse>(
      t,
      'DELETE',
      `/sessions/${id}/invites/${f.endpoints.a2}`,
      undefined,
      hostToken,
    );
    expect(removed.body.invitedEndpointCount).toBe(2);

    const list = await api<Session[]>(t, 'GET', '/sessions?status=scheduled', undefined, adminToken);
    expect(list.body.map((s) => s.id)).toContain(id);
    expect(list.body.every((s) => s.status === 'scheduled')).toBe(true);
    expect((await api<ErrorReply>(t, 'GET', '/sessions?status=paused', undefined, adminToken)).body.error.code).toBe(
      'BAD_REQUEST',
    );
  });

  it('lets only the host or an admin change a session; endpoints and members cannot use the routes', async () => {
    const res = await api<ErrorReply>(t, 'PATCH', `/sessions/${f.sessionId}`, { title: 'hijack' }, otherHostToken);
    expect(res.body.error.code).toBe('FORBIDDEN');
    expect(
      (await api<ErrorReply>(t, 'POST', `/sessions/${f.sessionId}/start`, undefined, otherHostToken)).body.error.code,
    ).toBe('FORBIDDEN');
    const endpointToken = await loginToken(t, '/auth/endpoint', { endpointKey: f.keys.a1, sessionId: f.sessionId });
    expect((await api<ErrorReply>(t, 'GET', '/sessions', undefined, endpointToken)).body.error.code).toBe('FORBIDDEN');
    const naming = await api<ErrorReply>(
      t,
      'POST',
      '/sessions',
      { title: 'x', resolution: 'y', hostAccountId: f.host.id },
      otherHostToken,
    );
    expect(naming.body.error.code).toBe('FORBIDDEN');
    const byAdmin = await api<Session>(
      t,
      'POST',
      '/sessions',
      { title: 'x', resolution: 'y', hostAccountId: f.otherHost.id },
      adminToken,
    );
    expect(byAdmin.body.hostAccountId).toBe(f.otherHost.id);
    const stored = await sessionService(t.app.ctx).getSession(f.sessionId);
    expect(stored?.title).toBe('Phiên thử 1');
  });

  it('admits host, invited endpoint and member to session:join with the session summary', async () => {
    const host = await connect(hostToken);
    const hostJoin = await host.emitWithAck('session:join', { sessionId: f.sessionId });
    expect(hostJoin).toEqual({
      ok: true,
      data: expect.objectContaining({
        id: f.sessionId,
        title: 'Phiên thử 1',
        resolution: 'Nghị quyết thử',
        status: 'scheduled',
        role: 'host',
        hostName: 'host',
        invitedEndpointCount: 2,
      }),
    });
    const endpoint = await connect(
      await loginToken(t, '/auth/endpoint', { endpointKey: f.keys.a1, sessionId: f.sessionId }),
    );
    expect(await endpoint.emitWithAck('session:join', { sessionId: f.sessionId })).toMatchObject({
      ok: true,
      data: { role: 'endpoint', status: 'scheduled' },
    });
    const member = await connect(
      await loginToken(t, '/auth/member', { memberNumber: f.member.memberNumber, pin: f.member.pin }),
    );
    expect(await member.emitWithAck('session:join', { sessionId: f.sessionId })).toMatchObject({
      ok: true,
      data: { role: 'member' },
    });
    // Joining twice is harmless; leaving answers which session was left.
    expect((await member.emitWithAck('session:join', { sessionId: f.sessionId })).ok).toBe(true);
    expect(await member.emitWithAck('session:leave', {})).toEqual({ ok: true, data: { left: f.sessionId } });
    expect(await member.emitWithAck('session:leave', {})).toEqual({ ok: true, data: { left: null } });
    const admin = await connect(adminToken);
    expect((await admin.emitWithAck('session:join', { sessionId: f.sessionId })).ok).toBe(true);
  });

  it('refuses wrong session (FORBIDDEN), uninvited endpoint (FORBIDDEN), other host, malformed (BAD_REQUEST)', async () => {
    const endpointToken = await loginToken(t, '/auth/endpoint', { endpointKey: f.keys.a1, sessionId: f.sessionId });
    const endpoint = await connect(endpointToken);
    expect(await endpoint.emitWithAck('session:join', { sessionId: f.otherSessionId })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    // a2 is invited to the other session only: its token for that session cannot join this one,
    // and a token naming this session is one it could never obtain; forge one to prove the check.
    const forged = await t.app.tokens.sign({
      subject: f.endpoints.a2,
      role: 'endpoint',
      sessionId: f.sessionId,
      keyVersion: 1,
    });
    const uninvited = await connect(forged);
    expect(await uninvited.emitWithAck('session:join', { sessionId: f.sessionId })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const boundMember = await connect(
      await loginToken(t, '/auth/member', {
        memberNumber: f.member.memberNumber,
        pin: f.member.pin,
        sessionId: f.otherSessionId,
      }),
    );
    expect(await boundMember.emitWithAck('session:join', { sessionId: f.sessionId })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const other = await connect(otherHostToken);
    expect(await other.emitWithAck('session:join', { sessionId: f.sessionId })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await other.emitWithAck('session:join', { sessionId: crypto.randomUUID() })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await emitRaw(other, 'session:join', { sessionId: 42 })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    expect(await emitRaw(other, 'session:join', { sessionId: 'abc' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    expect(await emitRaw(other, 'session:join')).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(other.connected).toBe(true);
  });

  it('refuses joining a draft session with CONFLICT', async () => {
    const draft = await api<Session>(t, 'POST', '/sessions', { title: 'Nháp', resolution: 'NQ' }, hostToken);
    const host = await connect(hostToken);
    expect(await host.emitWithAck('session:join', { sessionId: draft.body.id })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
  });

  it('start and end push session:status to the room; transitions are validated', async () => {
    const host = await connect(hostToken);
    expect((await host.emitWithAck('session:join', { sessionId: f.otherSessionId })).ok).toBe(true);
    const endpoint = await connect(
      await loginToken(t, '/auth/endpoint', { endpointKey: f.keys.a2, sessionId: f.otherSessionId }),
    );
    expect((await endpoint.emitWithAck('session:join', { sessionId: f.otherSessionId })).ok).toBe(true);
    const pushes: string[] = [];
    endpoint.on('session:status', (p) => pushes.push(`${p.sessionId}:${p.status}`));
    const gotLive = new Promise<void>((resolve) => endpoint.once('session:status', () => resolve()));

    expect(
      (await api<ErrorReply>(t, 'POST', `/sessions/${f.otherSessionId}/end`, undefined, hostToken)).body.error.code,
    ).toBe('CONFLICT');
    const live = await api<Session>(t, 'POST', `/sessions/${f.otherSessionId}/start`, undefined, hostToken);
    expect(live.body).toMatchObject({ status: 'live' });
    expect(live.body.startedAt).not.toBeNull();
    await gotLive;
    expect(
      (await api<ErrorReply>(t, 'POST', `/sessions/${f.otherSessionId}/start`, undefined, hostToken)).body.error.code,
    ).toBe('CONFLICT');
    expect(
      (await api<ErrorReply>(t, 'PATCH', `/sessions/${f.otherSessionId}`, { title: 'late' }, hostToken)).body.error
        .code,
    ).toBe('CONFLICT');

    const gotEnded = new Promise<void>((resolve) => endpoint.once('session:status', () => resolve()));
    const ended = await api<Session>(t, 'POST', `/sessions/${f.otherSessionId}/end`, undefined, adminToken);
    expect(ended.body.status).toBe('ended');
    await gotEnded;
    expect(pushes).toEqual([`${f.otherSessionId}:live`, `${f.otherSessionId}:ended`]);
    const late = await connect(hostToken);
    expect(await late.emitWithAck('session:join', { sessionId: f.otherSessionId })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    const signIn = await api<ErrorReply>(t, 'POST', '/auth/endpoint', {
      endpointKey: f.keys.a2,
      sessionId: f.otherSessionId,
    });
    expect(signIn.body.error.code).toBe('CONFLICT');
  });

  it('runs join hooks before the ack (a throwing hook refuses the join) and leave hooks on disconnect', async () => {
    const hooks = sessionService(t.app.ctx).hooks;
    const seen: string[] = [];
    let refuse = true;
    hooks.onJoin(({ identity }) => {
      if (identity.role !== 'member') return;
      seen.push('join');
      if (refuse) throw new AppError('CONFLICT', 'not now');
    });
    hooks.onLeave(({ identity, reason }) => {
      if (identity.role === 'member') seen.push(`leave:${reason}`);
    });
    const member = await connect(
      await loginToken(t, '/auth/member', { memberNumber: f.member.memberNumber, pin: f.member.pin }),
    );
    expect(await member.emitWithAck('session:join', { sessionId: f.sessionId })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'not now' },
    });
    refuse = false;
    expect((await member.emitWithAck('session:join', { sessionId: f.sessionId })).ok).toBe(true);
    const left = new Promise<void>((resolve) =>
      hooks.onLeave(({ identity }) => (identity.role === 'member' ? resolve() : undefined)),
    );
    member.close();
    await left;
    expect(seen).toEqual(['join', 'join', 'leave:disconnect']);
  });
});
