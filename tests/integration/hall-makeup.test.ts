import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthResponse, HallMakeup, RangeReport, ReportInfo, SessionReport, StudyProgress } from '@diem-cau/shared';
import { orgQueries } from '@diem-cau/server/src/domain/org/index.js';
import { recordingStore } from '@diem-cau/server/src/domain/recording/index.js';
import { createBroadcastFixture, type BroadcastFixture } from '../support/broadcastFixture.js';
import { adminToken, bringMembersIn, type HallMember } from '../support/hallMembers.js';
import { api, waitFor } from '../support/http.js';
import { connectSocket, type TestSocket } from '../support/socketClient.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

/** The recording the hall replays; short, so that "stayed long enough" is a few seconds here. */
const RECORDING_MS = 3_000;

/**
 * A hall make-up: an endpoint invited to an ended, recorded session holds a make-up session of its
 * own; its TV may fetch the recording; members check in with the TV's code as live; at the end,
 * those who must study the session and stayed for the share of the recording are credited.
 */
describe('hall make-up session', () => {
  let t: TestApp;
  let fx: BroadcastFixture;
  let admin: string;
  let hall: HallMakeup;
  let tv: TestSocket;
  let tvToken: string;
  let stayedId: string;
  let lateId: string;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    fx = await createBroadcastFixture(t, 2);
    admin = await adminToken(t);
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await t?.close();
  });

  const open = (token: string | undefined, body: unknown) =>
    api<HallMakeup>(t.url, 'POST', '/api/makeup/halls', token, body);

  it('is refused before the session ended, with no recording ready, for an endpoint not invited, and to members', async () => {
    await fx.start();
    const live = await open(fx.hostToken, { sessionId: fx.sessionId, endpointId: fx.endpoints[0]!.id });
    expect(live.status, JSON.stringify(live.body)).toBe(409);
    await fx.end();
    // No host published: the recording is missing (NOT_FOUND) or has no media and is never ready
    // (CONFLICT), depending on whether this node's room opened one.
    const notReady = await open(fx.hostToken, { sessionId: fx.sessionId, endpointId: fx.endpoints[0]!.id });
    expect(['CONFLICT', 'NOT_FOUND']).toContain((notReady.body as unknown as { error: { code: string } }).error.code);

    // The live recording is not under test here (tests/e2e/recording-replay.test.ts makes a real one):
    // its row is made ready with a short media time so the hall's stay can be seconds.
    const store = recordingStore(t.app.ctx);
    const row = await store.ensure(fx.sessionId, new Date());
    await store.update(row.id, { state: 'ready', duration_ms: RECORDING_MS, ended_at: new Date().toISOString() });

    const outsider = await open(fx.hostToken, { sessionId: fx.sessionId, endpointId: fx.outsider.id });
    expect(outsider.body).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect((await open(fx.memberToken, { sessionId: fx.sessionId, endpointId: fx.endpoints[0]!.id })).status).toBe(403);
    expect((await open(fx.hostToken, { sessionId: fx.sessionId })).body).toMatchObject({
      error: { code: 'BAD_REQUEST' },
    });
    expect((await open(fx.hostToken, { sessionId: fx.sessionId, endpointId: 'x', extra: 1 })).status).toBe(400);
  });

  it('opens live at once for the endpoint; its TV signs in, may fetch the recording, and shows a check-in code', async () => {
    const opened = await open(fx.hostToken, { sessionId: fx.sessionId, endpointId: fx.endpoints[0]!.id });
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    hall = opened.body;
    expect(hall.parentSessionId).toBe(fx.sessionId);
    // Opening again returns the same hall make-up, not a second one.
    expect(
      (await open(fx.hostToken, { sessionId: fx.sessionId, endpointId: fx.endpoints[0]!.id })).body.sessionId,
    ).toBe(hall.sessionId);

    const login = await api<AuthResponse>(t.url, 'POST', '/api/auth/endpoint', undefined, {
      endpointKey: fx.endpoints[0]!.key,
      sessionId: hall.sessionId,
    });
    expect(login.status).toBe(200);
    tvToken = login.body.token;
    expect((await api<HallMakeup>(t.url, 'GET', `/api/makeup/halls/${hall.sessionId}`, tvToken)).body).toEqual(hall);
    const manifest = await api(t.url, 'GET', `/api/recordings/${hall.recordingId}`, tvToken);
    expect(manifest.status).toBe(200);
    // Another endpoint's token for the parent session may not watch nor end it.
    expect((await api(t.url, 'GET', `/api/recordings/${hall.recordingId}`, fx.endpoints[1]!.token)).status).toBe(403);
    expect((await api(t.url, 'POST', `/api/makeup/halls/${hall.sessionId}/end`, fx.endpoints[1]!.token)).status).toBe(
      403,
    );

    tv = await connectSocket(t.url, { token: tvToken });
    sockets.push(tv);
    expect((await tv.emitWithAck('session:join', { sessionId: hall.sessionId })).ok).toBe(true);
  });

  it('credits the member who stayed, not the one who came at the end, when the endpoint ends it', async () => {
    const commune = (await orgQueries.communeOfEndpoint(t.app.db, fx.endpoints[0]!.id))!;
    const codeOf = async () => {
      const code = await tv.emitWithAck('checkin:currentCode', {});
      if (!code.ok) throw new Error(`no code: ${code.error.code}`);
      return code.data.code;
    };
    const bring = () =>
      bringMembersIn(t, {
        admin,
        sessionId: hall.sessionId,
        communeId: commune,
        endpointIds: [fx.endpoints[0]!.id],
        count: 1,
        codeOf,
      });
    const stayed: HallMember[] = await bring();
    await new Promise((r) => setTimeout(r, RECORDING_MS + 500));
    const late: HallMember[] = await bring();
    sockets.push(...stayed.map((m) => m.socket), ...late.map((m) => m.socket));
    await new Promise((r) => setTimeout(r, 300));

    const ended = await api(t.url, 'POST', `/api/makeup/halls/${hall.sessionId}/end`, tvToken);
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    const progress = await api<StudyProgress>(t.url, 'GET', `/api/sessions/${fx.sessionId}/makeup-study`, fx.hostToken);
    expect(progress.status).toBe(200);
    const credited = progress.body.members.filter((m) => m.completedAt !== null).map((m) => m.memberId);
    expect(credited).toEqual([stayed[0]!.id]);
    stayedId = stayed[0]!.id;
    lateId = late[0]!.id;
    // Ending it twice changes nothing.
    expect((await api(t.url, 'POST', `/api/makeup/halls/${hall.sessionId}/end`, tvToken)).status).toBe(409);
  });

  it('shows in the reports as make-up in a hall; the hall session is not a conference of its own', async () => {
    const live = await api<SessionReport>(t.url, 'GET', `/api/reports/sessions/${fx.sessionId}/live`, fx.hostToken);
    expect(live.status, JSON.stringify(live.body)).toBe(200);
    const row = (id: string) => live.body.members.find((m) => m.memberId === id);
    expect(row(stayedId)).toMatchObject({ invited: true, attended: false, participation: 'makeup_hall' });
    expect(row(stayedId)?.makeupCompletedAt).not.toBeNull();
    // The late one is expected at the session (her cell was invited) and is still absent.
    expect(row(lateId)?.participation).toBe('absent');
    expect(live.body.summary).toMatchObject({ makeupMembers: 1, makeupHallMembers: 1 });
    expect(live.body.absentees.flatMap((g) => g.members.map((m) => m.memberId))).not.toContain(stayedId);

    const requested = await api<ReportInfo>(t.url, 'POST', '/api/reports/range', admin, {
      from: new Date(Date.now() - 3_600_000).toISOString(),
      to: new Date(Date.now() + 60_000).toISOString(),
    });
    expect(requested.status, JSON.stringify(requested.body)).toBe(202);
    await waitFor(async () => {
      const r = await api<ReportInfo>(t.url, 'GET', `/api/reports/${requested.body.id}`, admin);
      if (r.body.status === 'failed') throw new Error(`report failed: ${r.body.error}`);
      return r.body.status === 'done' ? r.body : undefined;
    });
    const range = (await api<RangeReport>(t.url, 'GET', `/api/reports/${requested.body.id}/result`, admin)).body;
    expect(range.trend.map((x) => x.sessionId)).toEqual([fx.sessionId]);
    expect(range.summary.makeup).toBe(1);
    expect(range.trend[0]?.makeup).toBe(1);
  });
});
