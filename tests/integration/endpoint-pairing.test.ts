import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthResponse, StandbyResponse } from '@diem-cau/shared';
import { api, buildOrgFixture, loginToken, type OrgFixture } from '../support/orgFixture.js';
import { connectSocket } from '../support/socketClient.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

describe('endpoint TVs paired once: device credential, standby, auto-join, revocation', () => {
  let t: TestApp;
  let f: OrgFixture;
  let adminToken: string;
  let hostToken: string;
  let device: string;

  beforeAll(async () => {
    t = await startTestApp();
    f = await buildOrgFixture(t);
    adminToken = await loginToken(t, '/auth/login', { username: f.admin.username, password: f.admin.password });
    hostToken = await loginToken(t, '/auth/login', { username: f.host.username, password: f.host.password });
  });
  afterAll(async () => t?.close());

  it('the pairing link’s key buys a device credential that lists the endpoint’s upcoming sessions', async () => {
    const paired = await api<AuthResponse>(t, 'POST', '/auth/endpoint/pair', { endpointKey: f.keys.a1 });
    expect(paired.status).toBe(200);
    expect(paired.body.identity).toMatchObject({ subject: f.endpoints.a1, role: 'endpoint', device: true });
    expect(paired.body.identity.sessionId).toBeUndefined();
    device = paired.body.token;
    const standby = await api<StandbyResponse>(t, 'GET', '/endpoint/standby', undefined, device);
    expect(standby.status).toBe(200);
    expect(standby.body.endpoint.id).toBe(f.endpoints.a1);
    // a1 is invited to both sessions; a2 to the second only.
    expect(standby.body.sessions.map((s) => s.id).sort()).toEqual([f.sessionId, f.otherSessionId].sort());
    expect(standby.body.sessions.every((s) => s.status === 'scheduled')).toBe(true);
  });

  it('a device credential buys a session token only once the host starts the session, and joins with it', async () => {
    const early = await api<{ error: { code: string } }>(
      t,
      'POST',
      '/auth/endpoint/device-session',
      { sessionId: f.sessionId },
      device,
    );
    expect(early).toMatchObject({ status: 409, body: { error: { code: 'CONFLICT' } } });
    expect((await api(t, 'POST', `/sessions/${f.sessionId}/start`, undefined, hostToken)).status).toBe(200);
    const standby = await api<StandbyResponse>(t, 'GET', '/endpoint/standby', undefined, device);
    expect(standby.body.sessions[0]).toMatchObject({ id: f.sessionId, status: 'live' });
    const session = await api<AuthResponse>(
      t,
      'POST',
      '/auth/endpoint/device-session',
      { sessionId: f.sessionId },
      device,
    );
    expect(session.status).toBe(200);
    expect(session.body.identity).toMatchObject({ subject: f.endpoints.a1, sessionId: f.sessionId });
    expect(session.body.identity.device).toBeUndefined();
    const socket = await connectSocket(t.url, { token: session.body.token });
    try {
      expect(await socket.emitWithAck('session:join', { sessionId: f.sessionId })).toMatchObject({
        ok: true,
        data: { role: 'endpoint' },
      });
    } finally {
      socket.close();
    }
  });

  it('a device credential alone joins nothing and opens no other route', async () => {
    const socket = await connectSocket(t.url, { token: device });
    try {
      expect(await socket.emitWithAck('session:join', { sessionId: f.sessionId })).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
    } finally {
      socket.close();
    }
    expect(await api(t, 'GET', '/auth/me', undefined, device)).toMatchObject({
      status: 403,
      body: { error: { code: 'FORBIDDEN' } },
    });
    // Staff and session tokens are not device credentials.
    expect(await api(t, 'GET', '/endpoint/standby', undefined, adminToken)).toMatchObject({
      status: 403,
      body: { error: { code: 'FORBIDDEN' } },
    });
  });

  it('refuses a wrong, malformed or missing pairing key and an uninvited session, with codes', async () => {
    expect(await api(t, 'POST', '/auth/endpoint/pair', { endpointKey: 'x'.repeat(43) })).toMatchObject({
      status: 401,
      body: { error: { code: 'UNAUTHENTICATED' } },
    });
    expect(await api(t, 'POST', '/auth/endpoint/pair', { endpointKey: 'short' })).toMatchObject({
      status: 400,
      body: { error: { code: 'BAD_REQUEST' } },
    });
    expect(await api(t, 'POST', '/auth/endpoint/pair', { endpointKey: f.keys.a1, extra: 1 })).toMatchObject({
      status: 400,
      body: { error: { code: 'BAD_REQUEST' } },
    });
    expect(await api(t, 'GET', '/endpoint/standby')).toMatchObject({
      status: 401,
      body: { error: { code: 'UNAUTHENTICATED' } },
    });
    const a2 = (await api<AuthResponse>(t, 'POST', '/auth/endpoint/pair', { endpointKey: f.keys.a2 })).body.token;
    expect(await api(t, 'POST', '/auth/endpoint/device-session', { sessionId: f.sessionId }, a2)).toMatchObject({
      status: 403,
      body: { error: { code: 'FORBIDDEN' } },
    });
    expect(await api(t, 'POST', '/auth/endpoint/device-session', { sessionId: 'not a uuid' }, a2)).toMatchObject({
      status: 400,
      body: { error: { code: 'BAD_REQUEST' } },
    });
  });

  it('rotating the endpoint’s key revokes its paired devices and the old link at once; the new link pairs again', async () => {
    const rotated = await api<{ endpointKey: string }>(
      t,
      'POST',
      `/org/endpoints/${f.endpoints.a1}/key`,
      undefined,
      adminToken,
    );
    expect(rotated.status).toBe(200);
    expect(await api(t, 'GET', '/endpoint/standby', undefined, device)).toMatchObject({
      status: 401,
      body: { error: { code: 'UNAUTHENTICATED' } },
    });
    expect(await api(t, 'POST', '/auth/endpoint/device-session', { sessionId: f.sessionId }, device)).toMatchObject({
      status: 401,
    });
    expect(await api(t, 'POST', '/auth/endpoint/pair', { endpointKey: f.keys.a1 })).toMatchObject({
      status: 401,
      body: { error: { code: 'UNAUTHENTICATED' } },
    });
    const again = await api<AuthResponse>(t, 'POST', '/auth/endpoint/pair', { endpointKey: rotated.body.endpointKey });
    expect(again.status).toBe(200);
    expect((await api(t, 'GET', '/endpoint/standby', undefined, again.body.token)).status).toBe(200);
  });
});
