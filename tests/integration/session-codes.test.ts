import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session, SessionByCode } from '@diem-cau/shared';
import { api, buildOrgFixture, loginToken, type OrgFixture } from '../support/orgFixture.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

type ErrorReply = { error: { code: string; message: string } };

describe('session codes: six digits per session, looked up by anyone', () => {
  let t: TestApp;
  let f: OrgFixture;
  let hostToken: string;

  beforeAll(async () => {
    t = await startTestApp();
    f = await buildOrgFixture(t);
    hostToken = await loginToken(t, '/auth/login', { username: f.host.username, password: f.host.password });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('gives every new session a unique numeric code', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 8; i++) {
      const created = await api<Session>(t, 'POST', '/sessions', { title: `Phiên ${i}`, resolution: 'Nghị quyết' }, hostToken);
      expect(created.status).toBe(201);
      expect(created.body.code).toMatch(/^\d{6}$/);
      codes.push(created.body.code!);
      const read = await api<Session>(t, 'GET', `/sessions/${created.body.id}`, undefined, hostToken);
      expect(read.body.code).toBe(created.body.code);
    }
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('resolves a code to {id,title,status,code} without signing in; unknown or malformed codes are coded errors', async () => {
    const created = await api<Session>(t, 'POST', '/sessions', { title: 'Tra cứu mã', resolution: 'Nghị quyết' }, hostToken);
    const found = await api<SessionByCode>(t, 'GET', `/sessions/by-code/${created.body.code}`);
    expect(found.status).toBe(200);
    expect(found.body).toEqual({ id: created.body.id, title: 'Tra cứu mã', status: 'draft', code: created.body.code });

    const unknownCode = created.body.code === '999999' ? '999998' : '999999';
    const unknown = await api<ErrorReply>(t, 'GET', `/sessions/by-code/${unknownCode}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NOT_FOUND');
    expect(unknown.body.error.message).toMatch(/code/i);

    const malformed = await api<ErrorReply>(t, 'GET', '/sessions/by-code/12ab');
    expect(malformed.body.error.code).toBe('BAD_REQUEST');
  });
});
