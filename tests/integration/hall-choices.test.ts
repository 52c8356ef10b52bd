import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthResponse, HallChoice, HallMakeup, StudySettings } from '@diem-cau/shared';
import { recordingStore } from '@diem-cau/server/src/domain/recording/index.js';
import { createBroadcastFixture, type BroadcastFixture } from '../support/broadcastFixture.js';
import { api } from '../support/http.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

const RECORDING_MS = 4_000;

interface ErrorReply {
  error: { code: string };
}

/**
 * What a paired TV's standby screen offers as "Học bù tại hội trường": the ended, recorded sessions its
 * endpoint was invited to (make-up on, deadline not passed), and opening one with its own device
 * credential. An endpoint sees only its own; other roles are refused; the device credential opens
 * nothing else it did not open before.
 */
describe('hall make-up choices of an endpoint', () => {
  let t: TestApp;
  let fx: BroadcastFixture;
  let device: string;
  let outsiderDevice: string;

  const choices = (token: string | undefined) => api<HallChoice[]>(t.url, 'GET', '/api/endpoint/makeup', token);
  const pair = async (endpointKey: string) => {
    const paired = await api<AuthResponse>(t.url, 'POST', '/api/auth/endpoint/pair', undefined, { endpointKey });
    expect(paired.status).toBe(200);
    return paired.body.token;
  };
  const settings = (body: Partial<StudySettings>) =>
    api<StudySettings>(t.url, 'PUT', `/api/sessions/${fx.sessionId}/makeup-study`, fx.hostToken, body);

  beforeAll(async () => {
    t = await startTestApp();
    fx = await createBroadcastFixture(t, 2);
    device = await pair(fx.endpoints[0]!.key);
    outsiderDevice = await pair(fx.outsider.key);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists nothing while the session is live, or ended without a ready recording', async () => {
    await fx.start();
    expect((await choices(device)).body).toEqual([]);
    await fx.end();
    expect((await choices(device)).body).toEqual([]);
  });

  it('lists the ended, recorded session to its endpoints only, and refuses other roles', async () => {
    // The live recording is not under test here (tests/e2e/makeup-ui.test.ts makes a real one).
    const store = recordingStore(t.app.ctx);
    const row = await store.ensure(fx.sessionId, new Date());
    await store.update(row.id, { state: 'ready', duration_ms: RECORDING_MS, ended_at: new Date().toISOString() });

    const listed = await choices(device);
    expect(listed.status).toBe(200);
    expect(listed.headers.get('cache-control')).toBe('no-store');
    expect(listed.body).toEqual([
      {
        sessionId: fx.sessionId,
        title: 'Học tập, quán triệt Nghị quyết Trung ương',
        endedAt: expect.any(String),
        durationMs: RECORDING_MS,
        deadline: null,
      },
    ]);
    // An endpoint token (signed in with the key) lists the same; an endpoint not invited, nothing.
    expect((await choices(fx.endpoints[1]!.token)).body.map((c) => c.sessionId)).toEqual([fx.sessionId]);
    expect((await choices(outsiderDevice)).body).toEqual([]);

    expect((await choices(undefined)).status).toBe(401);
    for (const token of [fx.hostToken, fx.memberToken]) {
      const refused = await api<ErrorReply>(t.url, 'GET', '/api/endpoint/makeup', token);
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('FORBIDDEN');
    }
  });

  it('follows the host’s settings: not offered, nor opened, while make-up is off or past its deadline', async () => {
    const open = () =>
      api<{ error: { code: string } }>(t.url, 'POST', '/api/makeup/halls', device, { sessionId: fx.sessionId });
    expect((await settings({ enabled: false })).status).toBe(200);
    expect((await choices(device)).body).toEqual([]);
    expect(await open()).toMatchObject({ status: 409, body: { error: { code: 'CONFLICT' } } });
    const past = new Date(Date.now() - 60_000).toISOString();
    expect((await settings({ enabled: true, deadline: past })).status).toBe(200);
    expect((await choices(device)).body).toEqual([]);
    expect((await open()).body.error.code).toBe('DEADLINE_PASSED');
    const future = new Date(Date.now() + 86_400_000).toISOString();
    expect((await settings({ deadline: future })).status).toBe(200);
    expect((await choices(device)).body).toEqual([
      expect.objectContaining({ sessionId: fx.sessionId, deadline: future }),
    ]);
  });

  it('opens the hall make-up with the device credential, for its own endpoint only; the TV then joins it', async () => {
    const open = (token: string, endpointId?: string) =>
      api<HallMakeup & ErrorReply>(t.url, 'POST', '/api/makeup/halls', token, {
        sessionId: fx.sessionId,
        ...(endpointId && { endpointId }),
      });
    expect((await open(outsiderDevice)).body.error.code).toBe('FORBIDDEN');
    const opened = await open(device);
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    expect(opened.body).toMatchObject({ parentSessionId: fx.sessionId, endpointId: fx.endpoints[0]!.id });
    // Pressing the button again finds the same live hall make-up; naming another endpoint does not
    // move the device's hall there (an endpoint always opens its own).
    const again = await open(device, fx.endpoints[1]!.id);
    expect(again.body).toEqual(opened.body);

    // The device buys a token for the live hall session as for any session, and its TV learns it replays.
    const session = await api<AuthResponse>(t.url, 'POST', '/api/auth/endpoint/device-session', device, {
      sessionId: opened.body.sessionId,
    });
    expect(session.status, JSON.stringify(session.body)).toBe(200);
    const hall = await api<HallMakeup>(t.url, 'GET', `/api/makeup/halls/${opened.body.sessionId}`, session.body.token);
    expect(hall.body).toEqual(opened.body);
    // The device credential itself still opens nothing else.
    expect((await api(t.url, 'GET', `/api/makeup/halls/${opened.body.sessionId}`, device)).status).toBe(403);

    // Ended, the hall make-up is not offered as a session to make up; the parent still is.
    expect(
      (await api(t.url, 'POST', `/api/makeup/halls/${opened.body.sessionId}/end`, session.body.token)).status,
    ).toBe(200);
    expect((await choices(device)).body.map((c) => c.sessionId)).toEqual([fx.sessionId]);
  });
});
