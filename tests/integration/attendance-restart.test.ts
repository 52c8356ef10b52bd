import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SessionAttendance } from '@diem-cau/shared';
import { api, buildOrgFixture, loginToken } from '../support/orgFixture.js';
import { restartableEnv, spawnServer, startAppOn, type ServerProcess } from '../support/restartableApp.js';
import { connectSocket, type TestSocket } from '../support/socketClient.js';
import type { TestApp } from '../support/testApp.js';
import { openTestStore } from '../support/testStore.js';

const HEARTBEAT_S = 1;

describe('a crash in the middle of a live session', () => {
  const dataDir = mkdtempSync(path.join(process.env.DIEMCAU_TEST_TMP ?? os.tmpdir(), 'restart-'));
  const env = restartableEnv(dataDir, `test-${randomUUID().slice(0, 8)}`, {
    ATTENDANCE_HEARTBEAT_SECONDS: String(HEARTBEAT_S),
  });
  const sockets: TestSocket[] = [];
  let server: ServerProcess | undefined;
  let app: TestApp | undefined;

  afterAll(async () => {
    for (const s of sockets) s.close();
    if (server && server.child.exitCode === null && server.child.signalCode === null) await server.crash();
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const join = async (url: string, token: string, sessionId: string): Promise<TestSocket> => {
    const s = await connectSocket(url, { token });
    sockets.push(s);
    const ack = await s.emitWithAck('session:join', { sessionId });
    if (!ack.ok) throw new Error(`join refused: ${ack.error.code}`);
    return s;
  };

  it('loses no interval or check-in, closes open ones at the last heartbeat, and reopens them on reconnect', async () => {
    // 1. Build the province and a live session, then stop that app cleanly.
    const setup = await startAppOn(env);
    const f = await buildOrgFixture(setup);
    const sid = f.sessionId;
    const hostToken = await loginToken(setup, '/auth/login', { username: f.host.username, password: f.host.password });
    expect((await api(setup, 'POST', `/sessions/${sid}/start`, undefined, hostToken)).status).toBe(200);
    const endpointToken = await loginToken(setup, '/auth/endpoint', { endpointKey: f.keys.a1, sessionId: sid });
    const memberToken = await loginToken(setup, '/auth/member', {
      memberNumber: f.member.memberNumber,
      pin: f.member.pin,
      sessionId: sid,
    });
    await setup.close();

    // 2. The real server in its own process: the endpoint joins, reports, the member checks in.
    server = await spawnServer(env);
    const endpoint = await join(server.url, endpointToken, sid);
    const member = await join(server.url, memberToken, sid);
    expect((await endpoint.emitWithAck('attendance:headcount', { count: 37 })).ok).toBe(true);
    const code = await endpoint.emitWithAck('checkin:currentCode', {});
    if (!code.ok) throw new Error('no code');
    expect((await member.emitWithAck('checkin:submit', { code: code.data.code })).ok).toBe(true);

    // Wait for a heartbeat stamp after the join, then crash (SIGKILL: no leave, no shutdown).
    const reader = openTestStore(dataDir);
    const openInterval = () =>
      reader
        .selectFrom('attendance_intervals')
        .selectAll()
        .where('session_id', '=', sid)
        .where('ended_at', 'is', null)
        .executeTakeFirst();
    const first = await openInterval();
    expect(first).toBeDefined();
    await expect
      .poll(async () => (await openInterval())?.last_seen_at !== first?.last_seen_at, { timeout: 10_000 })
      .toBe(true);
    await server.crash();
    const leftOpen = await openInterval();
    const lastSeen = leftOpen?.last_seen_at;
    expect(lastSeen).toBeTruthy();
    expect(
      (await reader.selectFrom('checkins').selectAll().where('session_id', '=', sid).execute()).filter(
        (c) => c.checked_out_at === null,
      ),
    ).toHaveLength(1);
    await reader.destroy();

    // 3. Start again on the same data folder: the records are all there; the open ones are closed
    // at the last heartbeat with reason server_restart.
    app = await startAppOn(env);
    const db = app.app.db;
    await expect
      .poll(
        async () =>
          (
            await db
              .selectFrom('attendance_intervals')
              .select('ended_at')
              .where('id', '=', leftOpen!.id)
              .executeTakeFirst()
          )?.ended_at,
        { timeout: 15_000 },
      )
      .toBe(lastSeen);
    const closed = await db
      .selectFrom('attendance_intervals')
      .selectAll()
      .where('id', '=', leftOpen!.id)
      .executeTakeFirstOrThrow();
    expect(closed.close_reason).toBe('server_restart');
    const checkinsAfter = await db.selectFrom('checkins').selectAll().where('session_id', '=', sid).execute();
    expect(checkinsAfter).toHaveLength(1);
    expect(checkinsAfter[0]).toMatchObject({
      member_id: f.member.id,
      endpoint_id: f.endpoints.a1,
      checked_out_at: lastSeen,
      checkout_reason: 'server_restart',
    });
    const heads = await db.selectFrom('headcount_reports').selectAll().where('session_id', '=', sid).execute();
    expect(heads.map((h) => h.head_count)).toEqual([37]);

    // 4. The endpoint reconnects (same token, the secret is in the data folder): a new interval
    // opens and its members' check-ins reopen.
    await join(app.url, endpointToken, sid);
    const reopened = await db
      .selectFrom('checkins')
      .selectAll()
      .where('session_id', '=', sid)
      .orderBy('checked_in_at')
      .execute();
    expect(reopened).toHaveLength(2);
    expect(reopened[1]).toMatchObject({ member_id: f.member.id, endpoint_id: f.endpoints.a1, checked_out_at: null });
    const intervals = await db.selectFrom('attendance_intervals').selectAll().where('session_id', '=', sid).execute();
    expect(intervals).toHaveLength(2);

    // The computed view: one merged interval (the gap is within the grace), one reconnect.
    const view = await api<SessionAttendance>(app, 'GET', `/sessions/${sid}/attendance`, undefined, hostToken);
    const a1 = view.body.endpoints.find((e) => e.endpointId === f.endpoints.a1);
    expect(a1).toMatchObject({ reconnects: 1, rawIntervals: 2 });
    expect(a1?.intervals).toHaveLength(1);
    expect(a1?.headcounts.map((h) => h.count)).toEqual([37]);
    expect(view.body.members[0]?.checkins).toHaveLength(2);
  });
});
