import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session, SessionByCode } from '@diem-cau/shared';
import { api, buildOrgFixture, loginToken, type OrgFixture } from '../support/orgFixture.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

describe('short session codes', () => {
  let t: TestApp;
  let f: OrgFixture;
  let hostToken: string;

  beforeAll(async () => {
    t = await startTestApp();
    f = await buildOrgFixture(t);
    hostToken = await loginToken(t, '/auth/login', { username: f.host.username, password: f.host.password });
  });
  afterAll(async () => t?.close());

  it('every created session has its own six-digit code, shown to staff', async () => {
    const created = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        api<Session>(t, 'POST', '/sessions', { title: `Phiên ${i}`, resolution: 'NQ' }, hostToken),
      ),
    );
    const codes = created.map((c) => c.body.code);
    for (const code of codes) expect(code).toMatch(/^\d{6}$/);
    expect(new Set(codes).size).toBe(codes.length);
    const fixture = await api<Session>(t, 'GET', `/sessions/${f.sessionId}`, undefined, hostToken);
    expect(fixture.body.code).toMatch(/^\d{6}$/);
  });

  it('anyone finds a session by its code, and learns only its id, title and status', async () => {
    const session = (await api<Session>(t, 'GET', `/sessions/${f.sessionId}`, undefined, hostToken)).body;
    const found = await api<SessionByCode>(t, 'GET', `/sessions/by-code/${session.code}`);
    expect(found.status).toBe(200);
    expect(found.body).toEqual({ id: f.sessionId, title: session.title, status: session.status, code: session.code });
  });

  it('an unknown or malformed code gets a coded error', async () => {
    const used = new Set((await t.app.db.selectFrom('sessions').select('code').execute()).map((r) => r.code));
    let unknown = '123456';
    while (used.has(unknown)) unknown = String(Number(unknown) + 1);
    expect(await api(t, 'GET', `/sessions/by-code/${unknown}`)).toMatchObject({
      status: 404,
      body: { error: { code: 'NOT_FOUND' } },
    });
    expect(await api(t, 'GET', '/sessions/by-code/12ab')).toMatchObject({
      status: 400,
      body: { error: { code: 'BAD_REQUEST' } },
    });
  });
});
