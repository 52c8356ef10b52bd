import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthResponse, Identity } from '@diem-cau/shared';
import { api, buildOrgFixture, loginToken, type OrgFixture } from '../support/orgFixture.js';
import { startTestApp, type TestApp } from '../support/testApp.js';
import { hashSecret } from '@diem-cau/server/src/auth/passwords.js';

type ErrorReply = { error: { code: string; message: string; details?: { path: string }[] } };

describe('sign-in: accounts, members, rate limit', () => {
  let t: TestApp;
  let f: OrgFixture;

  beforeAll(async () => {
    t = await startTestApp();
    f = await buildOrgFixture(t);
  });
  afterAll(async () => t?.close());

  it('signs an account in and the token verifies as that identity', async () => {
    const res = await api<AuthResponse>(t, 'POST', '/auth/login', {
      username: f.host.username.toUpperCase(),
      password: f.host.password,
    });
    expect(res.status).toBe(200);
    expect(res.body.identity).toEqual({ subject: f.host.id, role: 'host', displayName: 'host' });
    expect(res.body.expiresIn).toBeGreaterThan(0);
    const me = await api<Identity>(t, 'GET', '/auth/me', undefined, res.body.token);
    expect(me).toEqual({ status: 200, body: { subject: f.host.id, role: 'host', displayName: 'host' } });
  });

  it('refuses a wrong password and an unknown user alike with UNAUTHENTICATED', async () => {
    const wrong = await api<ErrorReply>(t, 'POST', '/auth/login', {
      username: f.admin.username,
      password: 'not-the-password',
    });
    const unknown = await api<ErrorReply>(t, 'POST', '/auth/login', { username: 'nobody-here', password: 'whatever' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error).toEqual(unknown.body.error);
    expect(wrong.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('answers a malformed body with BAD_REQUEST and field details', async () => {
    const res = await api<ErrorReply>(t, 'POST', '/auth/login', { username: 42 });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('BAD_REQUEST');
    expect(res.body.error.details?.map((d) => d.path).sort()).toEqual(['password', 'username']);
    const extra = await api<ErrorReply>(t, 'POST', '/auth/login', { username: 'a', password: 'b', role: 'admin' });
    expect(extra.body.error.code).toBe('BAD_REQUEST');
  });

  it('limits failed sign-ins per IP and username with RATE_LIMITED, other usernames unaffected', async () => {
    const username = 'brute-force-target';
    const codes: string[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await api<ErrorReply>(t, 'POST', '/auth/login', { username, password: `guess-${i}` });
      codes.push(res.body.error.code);
    }
    expect(codes.slice(0, 10)).toEqual(Array(10).fill('UNAUTHENTICATED'));
    expect(codes.slice(10)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
    const limited = await api<ErrorReply>(t, 'POST', '/auth/login', { username, password: 'x' });
    expect(limited.status).toBe(429);
    // A different account from the same IP still signs in.
    const ok = await api(t, 'POST', '/auth/login', { username: f.otherHost.username, password: f.otherHost.password });
    expect(ok.status).toBe(200);
  });

  it('signs a member in with member number and PIN, optionally bound to a session', async () => {
    const res = await api<AuthResponse>(t, 'POST', '/auth/member', {
      memberNumber: f.member.memberNumber,
      pin: f.member.pin,
    });
    expect(res.status).toBe(200);
    expect(res.body.identity).toEqual({ subject: f.member.id, role: 'member', displayName: 'Nguyễn Văn Thử' });
    const bound = await api<AuthResponse>(t, 'POST', '/auth/member', {
      memberNumber: f.member.memberNumber,
      pin: f.member.pin,
      sessionId: f.sessionId,
    });
    expect(bound.body.identity.sessionId).toBe(f.sessionId);
    const wrongPin = f.member.pin === '000000' ? '111111' : '000000';
    const bad = await api<ErrorReply>(t, 'POST', '/auth/member', {
      memberNumber: f.member.memberNumber,
      pin: wrongPin,
    });
    expect(bad.body.error.code).toBe('UNAUTHENTICATED');
    const malformed = await api<ErrorReply>(t, 'POST', '/auth/member', {
      memberNumber: f.member.memberNumber,
      pin: 'abcd',
    });
    expect(malformed.body.error.code).toBe('BAD_REQUEST');
  });

  it('stores a PIN as a keyed hash, and rewrites a PIN kept in the old Argon2 form at its next sign-in', async () => {
    const row = () =>
      t.app.db.selectFrom('members').select('pin_hash').where('id', '=', f.member.id).executeTakeFirstOrThrow();
    const current = (await row()).pin_hash!;
    expect(current).toMatch(/^pin-hmac\$v1\$/);
    expect(current).not.toContain(f.member.pin);

    // A store written by an earlier version: the PIN's Argon2 hash.
    await t.app.db
      .updateTable('members')
      .set({ pin_hash: await hashSecret(f.member.pin) })
      .where('id', '=', f.member.id)
      .execute();
    const wrongPin = f.member.pin === '000000' ? '111111' : '000000';
    const wrong = await api<ErrorReply>(t, 'POST', '/auth/member', {
      memberNumber: f.member.memberNumber,
      pin: wrongPin,
    });
    expect(wrong.body.error.code).toBe('UNAUTHENTICATED');
    expect((await row()).pin_hash).toMatch(/^\$argon2id\$/);

    const first = await api<AuthResponse>(t, 'POST', '/auth/member', {
      memberNumber: f.member.memberNumber,
      pin: f.member.pin,
    });
    expect(first.status).toBe(200);
    const rewritten = (await row()).pin_hash!;
    expect(rewritten).toMatch(/^pin-hmac\$v1\$/);
    const again = await api<AuthResponse>(t, 'POST', '/auth/member', {
      memberNumber: f.member.memberNumber,
      pin: f.member.pin,
    });
    expect(again.status).toBe(200);
    expect((await row()).pin_hash).toBe(rewritten);
  });

  it('checks roles on REST: accounts are for admins, bearer tokens are required', async () => {
    const hostToken = await loginToken(t, '/auth/login', { username: f.host.username, password: f.host.password });
    const adminToken = await loginToken(t, '/auth/login', { username: f.admin.username, password: f.admin.password });
    expect((await api<ErrorReply>(t, 'GET', '/accounts')).body.error.code).toBe('UNAUTHENTICATED');
    expect((await api<ErrorReply>(t, 'GET', '/accounts', undefined, 'garbage')).body.error.code).toBe(
      'UNAUTHENTICATED',
    );
    expect((await api<ErrorReply>(t, 'GET', '/accounts', undefined, hostToken)).body.error.code).toBe('FORBIDDEN');
    const created = await api<{ username: string; role: string }>(
      t,
      'POST',
      '/accounts',
      { username: 'New.Host', displayName: 'Người chủ trì', role: 'host', password: 'a-long-password' },
      adminToken,
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username: 'new.host', role: 'host' });
    const dup = await api<ErrorReply>(
      t,
      'POST',
      '/accounts',
      { username: 'new.host', displayName: 'x', role: 'host', password: 'a-long-password' },
      adminToken,
    );
    expect(dup.body.error.code).toBe('CONFLICT');
    const login = await api(t, 'POST', '/auth/login', { username: 'new.host', password: 'a-long-password' });
    expect(login.status).toBe(200);
    const members = await t.app.db
      .selectFrom('accounts')
      .select('password_hash')
      .where('username', '=', 'new.host')
      .executeTakeFirstOrThrow();
    expect(members.password_hash).toMatch(/^\$argon2id\$/);
  });
});
