import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { broadcastDomain } from '@diem-cau/server/src/domain/broadcast/index.js';
import { sessionService } from '@diem-cau/server/src/domain/sessions/index.js';
import { AppError } from '@diem-cau/server/src/errors/AppError.js';
import { buildOrgFixture, loginToken, type OrgFixture } from '../support/orgFixture.js';
import { connectSocket, type TestSocket } from '../support/socketClient.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

/** Join and leave are one unit: a join cut short by a disconnect or a failing hook leaves nothing behind. */
describe('session:join as one unit', () => {
  let t: TestApp;
  let f: OrgFixture;
  const sockets: TestSocket[] = [];
  let slowJoinMs = 0;
  let failJoin = false;

  const openIntervals = (sessionId: string, endpointId: string) =>
    t.app.db
      .selectFrom('attendance_intervals')
      .selectAll()
      .where('session_id', '=', sessionId)
      .where('endpoint_id', '=', endpointId)
      .where('ended_at', 'is', null)
      .execute();
  const allIntervals = (sessionId: string, endpointId: string) =>
    t.app.db
      .selectFrom('attendance_intervals')
      .selectAll()
      .where('session_id', '=', sessionId)
      .where('endpoint_id', '=', endpointId)
      .execute();
  const connect = async (token: string): Promise<TestSocket> => {
    const s = await connectSocket(t.url, { token });
    sockets.push(s);
    return s;
  };

  beforeAll(async () => {
    t = await startTestApp();
    f = await buildOrgFixture(t);
    // Registered after every domain's hook, so it runs last: attendance and presence already acted.
    sessionService(t.app.ctx).hooks.onJoin(async ({ identity }) => {
      if (identity.role !== 'endpoint') return;
      if (slowJoinMs > 0) await sleep(slowJoinMs);
      if (failJoin) throw new AppError('CONFLICT', 'a later join step failed');
    });
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t?.close();
  });

  it('a screen that disconnects while its join is still running leaves no open interval and no presence', async () => {
    const sid = f.sessionId;
    const token = await loginToken(t, '/auth/endpoint', { endpointKey: f.keys.a1, sessionId: sid });
    const screen = await connect(token);
    slowJoinMs = 600;
    const ack = screen
      .timeout(3000)
      .emitWithAck('session:join', { sessionId: sid })
      .catch(() => null);
    // The interval is opened by the attendance hook before the slow hook finishes.
    await expect.poll(() => openIntervals(sid, f.endpoints.a1), { timeout: 2000 }).toHaveLength(1);
    screen.disconnect();
    await ack;
    await expect.poll(() => openIntervals(sid, f.endpoints.a1), { timeout: 3000 }).toHaveLength(0);
    expect(await broadcastDomain(t.app.ctx).presence.get(sid, f.endpoints.a1)).toBeUndefined();
    const rows = await allIntervals(sid, f.endpoints.a1);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.close_reason).toBe('disconnected');
    slowJoinMs = 0;
  });

  it('a join hook that fails midway undoes the hooks before it; the next join works', async () => {
    const sid = f.sessionId;
    const endpointId = f.endpoints.b1;
    const token = await loginToken(t, '/auth/endpoint', { endpointKey: f.keys.b1, sessionId: sid });
    const screen = await connect(token);
    failJoin = true;
    const refused = await screen.emitWithAck('session:join', { sessionId: sid });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('CONFLICT');
    expect(await openIntervals(sid, endpointId)).toHaveLength(0);
    expect(await broadcastDomain(t.app.ctx).presence.get(sid, endpointId)).toBeUndefined();

    failJoin = false;
    const joined = await screen.emitWithAck('session:join', { sessionId: sid });
    expect(joined.ok).toBe(true);
    expect(await openIntervals(sid, endpointId)).toHaveLength(1);
    expect(await broadcastDomain(t.app.ctx).presence.get(sid, endpointId)).toBeDefined();
    screen.disconnect();
    await expect.poll(() => openIntervals(sid, endpointId), { timeout: 3000 }).toHaveLength(0);
  });
});
