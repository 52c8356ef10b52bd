import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthResponse, Identity, RotatedKey } from '@diem-cau/shared';
import { api, buildOrgFixture, loginToken, type OrgFixture } from '../support/orgFixture.js';
import { connectSocket } from '../support/socketClient.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

type ErrorReply = { error: { code: string } };

describe('endpoint keys: sign-in bound to a session, rotation revokes key and tokens', () => {
  let t: TestApp;
  let f: OrgFixture;
  let adminToken: string;

  beforeAll(async () => {
    t = await startTestApp();
    f = await buildOrgFixture(t);
    adminToken = await loginToken(t, '/auth/login', { username: f.admin.username, password: f.admin.password });
  });
  afterAll(async () => t?.close());

  it('issues an endpoint token bound to the session it is invited to', async () => {
    const res = await api<AuthResponse>(t, 'POST', '/auth/endpoint', {
      endpointKey: f.keys.a1,
      sessionId: f.sessionId,
    });
    expect(res.status).toBe(200);
    expect(res.body.identity).toEqual({
      subject: f.endpoints.a1,
      role: 'endpoint',
      sessionId: f.sessionId,
      keyVersion: 1,
      displayName: 'Điểm cầu A1',
    });
  });

  it('refuses an endpoint that is not invited (FORBIDDEN), an unknown key, an unknown session', async () => {
    const notInvited = await api<ErrorReply>(t, 'POST', '/auth/endpoint', {
      endpointKey: f.keys.a2,
      sessionId: f.sessionId,
    });
    expect(notInvited).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    const unknownKey = await api<ErrorReply>(t, 'POST', '/auth/endpoint', {
      endpointKey: 'x'.repeat(43),
      sessionId: f.sessionId,
    });
    expect(unknownKey).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED' } } });
    const unknownSession = await api<ErrorReply>(t, 'POST', '/auth/endpoint', {
      endpointKey: f.keys.a1,
      sessionId: crypto.randomUUID(),
    });
    expect(unknownSession.body.error.code).toBe('NOT_FOUND');
    const malformed = await api<ErrorReply>(t, 'POST', '/auth/endpoint', {
      endpointKey: f.keys.a1,
      sessionId: 'not-a-uuid',
    });
    expect(malformed.body.error.code).toBe('BAD_REQUEST');
  });

  it('only an admin rotates keys', async () => {
    const hostToken = await loginToken(t, '/auth/login', { username: f.host.username, password: f.host.password });
    const res = await api<ErrorReply>(t, 'POST', `/org/endpoints/${f.endpoints.b1}/key`, undefined, hostToken);
    expect(res.body.error.code).toBe('FORBIDDEN');
    const missing = await api<ErrorReply>(
      t,
      'POST',
      `/org/endpoints/${crypto.randomUUID()}/key`,
      undefined,
      adminToken,
    );
    expect(missing.body.error.code).toBe('NOT_FOUND');
  });

  it('after rotation the old key, its REST token and its socket token all fail; the new key works', async () => {
    const oldToken = await loginToken(t, '/auth/endpoint', { endpointKey: f.keys.b1, sessionId: f.sessionId });
    expect((await api<Identity>(t, 'GET', '/auth/me', undefined, oldToken)).status).toBe(200);
    const socket = await connectSocket(t.url, { token: oldToken });
    const joined = await socket.emitWithAck('session:join', { sessionId: f.sessionId });
    expect(joined.ok).toBe(true);
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));

    const rotated = await api<RotatedKey>(t, 'POST', `/org/endpoints/${f.endpoints.b1}/key`, undefined, adminToken);
    expect(rotated.status).toBe(200);
    expect(rotated.body.keyVersion).toBe(2);
    expect(rotated.body.endpointKey).not.toBe(f.keys.b1);

    // The connected socket is thrown out at once.
    expect(await disconnected).toBe('io server disconnect');
    // The old key no longer signs in.
    const oldKey = await api<ErrorReply>(t, 'POST', '/auth/endpoint', {
      endpointKey: f.keys.b1,
      sessionId: f.sessionId,
    });
    expect(oldKey.body.error.code).toBe('UNAUTHENTICATED');
    // A token issued with the old key fails on REST and at the Socket.IO handshake.
    const me = await api<ErrorReply>(t, 'GET', '/auth/me', undefined, oldToken);
    expect(me).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED' } } });
    const refused = await connectSocket(t.url, { token: oldToken }).catch((e: unknown) => e);
    expect((refused as { data?: { code: string } }).data?.code).toBe('UNAUTHENTICATED');
    // The new key signs in and joins.
    const newToken = await loginToken(t, '/auth/endpoint', {
      endpointKey: rotated.body.endpointKey,
      sessionId: f.sessionId,
    });
    const fresh = await connectSocket(t.url, { token: newToken });
    try {
      expect((await fresh.emitWithAck('session:join', { sessionId: f.sessionId })).ok).toBe(true);
    } finally {
      fresh.close();
    }
    const stored = await t.app.db
      .selectFrom('endpoints')
      .select(['key_hash', 'key_version'])
      .where('id', '=', f.endpoints.b1)
      .executeTakeFirstOrThrow();
    expect(stored.key_version).toBe(2);
    expect(stored.key_hash).not.toContain(rotated.body.endpointKey);
  });

  it('refuses at the handshake an endpoint token carrying a stale key version', async () => {
    // As if issued before a rotation (the join policy repeats this check; see joinPolicy.test.ts).
    const stale = await t.app.tokens.sign({
      subject: f.endpoints.a1,
      role: 'endpoint',
      sessionId: f.sessionId,
      keyVersion: 0,
    });
    const refused = await connectSocket(t.url, { token: stale }).catch((e: unknown) => e);
    expect((refused as { data?: { code: string } }).data?.code).toBe('UNAUTHENTICATED');
  });
});
