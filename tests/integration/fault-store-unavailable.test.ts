import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Ack, AuthResponse, ErrorBody, IssuedPin, LiveRun, Member, StoredAnswer } from '@diem-cau/shared';
import type { Database } from '@diem-cau/server/src/store/database.js';
import { adminToken, bringMembersIn } from '../support/hallMembers.js';
import { api, type ApiResponse } from '../support/http.js';
import { buildQuizFixture, createQuestion } from '../support/quizFixture.js';
import { restartableEnv, spawnServer, startAppOn, type ServerProcess } from '../support/restartableApp.js';
import { connectSocket, type TestSocket } from '../support/socketClient.js';
import { holdWriteLock, openTestStore } from '../support/testStore.js';

/**
 * While the store is locked each write waits out the product's busy_timeout (5 s) in turn, so a few
 * writes queued behind each other take a while; this only bounds "never answered".
 */
const BOUND_MS = 30_000;

function within<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${BOUND_MS} ms`)), BOUND_MS);
  });
  return Promise.race([work, bound]).finally(() => clearTimeout(timer));
}

/** Neither SQLite's words nor a file path may reach a client. */
const leaksRawText = (body: unknown) =>
  /SQLITE|database is locked|sqlite|busy_timeout|\/tmp\//i.test(JSON.stringify(body ?? null));

const refusedUnavailable = (response: ApiResponse<unknown>) => {
  expect(response.status).toBe(503);
  expect(response.body).toMatchObject({ error: { code: 'UNAVAILABLE' } });
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(leaksRawText(response.body)).toBe(false);
};

const ackedUnavailable = (ack: Ack<unknown>) => {
  expect(ack).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
  expect(leaksRawText(ack)).toBe(false);
};

/**
 * The fault campaign (#14): the store briefly unavailable. Another connection holds the store's write
 * lock (SQLite's BEGIN EXCLUSIVE, or PostgreSQL's table locks, as a backup tool or a stuck process
 * would: support/testStore.ts) past the store's lock wait (5 s) or lock_timeout
 * while the hall and an administrator write: REST and socket writes answer a coded UNAVAILABLE (never
 * INTERNAL, never SQLite's text) and write nothing halfway; once the lock is gone the same requests
 * succeed on the same server, and the answers the phones resend are stored once.
 */
describe('the store unavailable for a while', () => {
  const dataDir = mkdtempSync(path.join(process.env.DIEMCAU_TEST_TMP ?? os.tmpdir(), 'store-fault-'));
  const env = restartableEnv(dataDir, `test-${randomUUID().slice(0, 8)}`);
  const sockets: TestSocket[] = [];
  let server: ServerProcess | undefined;
  let locker: Database | undefined;

  afterAll(async () => {
    for (const s of sockets) s.close();
    await locker?.destroy();
    await server?.crash();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers UNAVAILABLE while it is locked, writes nothing halfway, and recovers without a restart', async () => {
    // Prepared in-process, then the real server in its own process (its writes block its own event
    // loop while they wait for the lock; the test's clock and the lock holder stay free).
    const setup = await startAppOn(env);
    const f = await buildQuizFixture(setup);
    const admin = await adminToken(setup);
    const { unit_id: communeId } = await setup.app.db
      .selectFrom('endpoints')
      .select('unit_id')
      .where('id', '=', f.org.endpoints.a1)
      .executeTakeFirstOrThrow();
    const question = await createQuestion(setup, f, {
      type: 'single',
      prompt: 'Nghị quyết được ban hành năm nào?',
      options: ['2024', '2025', '2026'],
      correct: [1],
      timeLimitS: 300,
    });
    await setup.close();
    server = await spawnServer(env);
    const url = server.url;

    const connect = async (token: string) => {
      const s = await connectSocket(url, { token });
      sockets.push(s);
      const joined = await s.timeout(BOUND_MS).emitWithAck('session:join', { sessionId: f.sessionId });
      if (!joined.ok) throw new Error(`join refused: ${joined.error.code}`);
      return s;
    };
    const host = await connect(f.hostToken);
    const screens = new Map([
      [f.org.endpoints.a1, await connect(f.endpointTokens.a1)],
      [f.org.endpoints.b1, await connect(f.endpointTokens.b1)],
    ]);
    const codeOf = async (endpointId: string) => {
      const code = await screens.get(endpointId)!.timeout(BOUND_MS).emitWithAck('checkin:currentCode', {});
      if (!code.ok) throw new Error(`code refused: ${code.error.code}`);
      return code.data.code;
    };
    const hall = await bringMembersIn(
      { url },
      {
        admin,
        sessionId: f.sessionId,
        communeId,
        endpointIds: [f.org.endpoints.a1, f.org.endpoints.b1],
        count: 6,
        codeOf,
      },
    );
    for (const m of hall) sockets.push(m.socket);
    const cell = await api<{ id: string }>(url, 'POST', '/api/org/units', admin, {
      parentId: communeId,
      kind: 'cell',
      name: `Chi bộ ${randomUUID().slice(0, 4)}`,
      code: `CBS-${randomUUID().slice(0, 6)}`,
    });
    expect(cell.status).toBe(201);
    const memberBody = (fullName: string) => ({
      cellId: cell.body.id,
      fullName,
      memberNumber: `S${randomUUID().slice(0, 8)}`,
      gender: 'male',
      birthYear: 1975,
    });
    // A latecomer signed in and joined, who checks in while the store is locked.
    const latecomer = await api<Member>(url, 'POST', '/api/org/members', admin, memberBody('Người đến muộn'));
    const latePin = await api<IssuedPin>(url, 'POST', `/api/org/members/${latecomer.body.id}/pin`, admin);
    const lateLogin = await api<AuthResponse>(url, 'POST', '/api/auth/member', undefined, {
      memberNumber: latecomer.body.memberNumber,
      pin: latePin.body.pin,
      sessionId: f.sessionId,
    });
    expect(lateLogin.status).toBe(200);
    const late = await connect(lateLogin.body.token);

    const launched = await host.timeout(BOUND_MS).emitWithAck('quiz:launch', { questionId: question.id });
    if (!launched.ok) throw new Error(`launch refused: ${launched.error.code}`);
    const run: LiveRun = launched.data;
    const choiceOf = (i: number) => i % 3;
    const answer = (i: number) =>
      within(
        hall[i]!.socket.timeout(BOUND_MS).emitWithAck('quiz:answer', {
          runId: run.runId,
          answer: { choice: [choiceOf(i)] },
        }),
        'quiz:answer',
      );
    // Half the hall answers before anything goes wrong.
    const early = await Promise.all([0, 1, 2].map(answer));
    expect(early.every((a) => a.ok)).toBe(true);

    // ---- the write lock is taken by another connection ------------------------------------------
    locker = openTestStore(dataDir);
    const unlock = await holdWriteLock(locker);
    let lateCheckin: Ack<unknown>;
    let created: ApiResponse<Member | { error: ErrorBody }>;
    let reissued: ApiResponse<IssuedPin | { error: ErrorBody }>;
    let during: Ack<StoredAnswer>[];
    const newMember = memberBody('Đảng viên mới');
    try {
      // A check-in (a socket write): reading the code still works, writing the check-in cannot.
      lateCheckin = await within(
        late.timeout(BOUND_MS).emitWithAck('checkin:submit', { code: await codeOf(f.org.endpoints.a1) }),
        'checkin:submit',
      );
      // An admin's multi-row writes (a member and its audit row; a PIN and its audit row) and the rest
      // of the hall's answers (one micro-batch), all at once.
      [created, reissued, during] = await Promise.all([
        within(api<Member | { error: ErrorBody }>(url, 'POST', '/api/org/members', admin, newMember), 'create member'),
        within(
          api<IssuedPin | { error: ErrorBody }>(url, 'POST', `/api/org/members/${hall[0]!.id}/pin`, admin),
          'issue PIN',
        ),
        Promise.all([3, 4, 5].map(answer)),
      ]);
    } finally {
      await unlock();
    }
    ackedUnavailable(lateCheckin);
    refusedUnavailable(created);
    refusedUnavailable(reissued);
    for (const a of during) ackedUnavailable(a);
    // Nothing was written halfway: neither the member nor its audit row.
    const reader = locker;
    expect(
      await reader.selectFrom('members').select('id').where('member_number', '=', newMember.memberNumber).execute(),
    ).toEqual([]);
    const pinIssues = async () =>
      (
        await reader
          .selectFrom('audit_log')
          .select('id')
          .where('action', '=', 'member.pin.issue')
          .where('target_id', '=', hall[0]!.id)
          .execute()
      ).length;
    expect(await pinIssues()).toBe(1); // the one bringMembersIn issued

    // ---- the lock is gone: the same server takes the same requests ------------------------------
    const createdAgain = await api<Member>(url, 'POST', '/api/org/members', admin, newMember);
    expect(createdAgain.status).toBe(201);
    const reissuedAgain = await api<IssuedPin>(url, 'POST', `/api/org/members/${hall[0]!.id}/pin`, admin);
    expect(reissuedAgain.status).toBe(200);
    const signIn = await api<AuthResponse>(url, 'POST', '/api/auth/member', undefined, {
      memberNumber: hall[0]!.memberNumber,
      pin: reissuedAgain.body.pin,
      sessionId: f.sessionId,
    });
    expect(signIn.status).toBe(200);
    const checkedIn = await late.timeout(BOUND_MS).emitWithAck('checkin:submit', {
      code: await codeOf(f.org.endpoints.a1),
    });
    expect(checkedIn).toMatchObject({ ok: true, data: { endpointId: f.org.endpoints.a1, already: false } });
    // The phones' outboxes resend what was refused, and one acknowledged answer is resent too.
    const resent = await Promise.all([3, 4, 5, 0].map(answer));
    expect(resent.every((a) => a.ok)).toBe(true);
    expect(resent[3]).toEqual(early[0]);

    // ---- nothing lost, nothing twice ------------------------------------------------------------
    const rows = await reader
      .selectFrom('quiz_answers')
      .select(['member_id', 'answer_json', 'answered_ms'])
      .where('run_id', '=', run.runId)
      .execute();
    expect(rows.map((r) => r.member_id).sort()).toEqual(hall.map((m) => m.id).sort());
    const byMember = new Map(rows.map((r) => [r.member_id, r]));
    // The early answers are members 0–2, the resent ones 3–5.
    [...early, ...resent.slice(0, 3)].forEach((a, i) => {
      if (!a.ok) throw new Error('unacknowledged');
      expect(byMember.get(hall[i]!.id)?.answered_ms).toBe(a.data.answeredAt);
      expect(JSON.parse(byMember.get(hall[i]!.id)!.answer_json)).toEqual({ choice: [choiceOf(i)] });
    });
    const members = await reader
      .selectFrom('members')
      .select('id')
      .where('member_number', '=', newMember.memberNumber)
      .execute();
    expect(members).toEqual([{ id: createdAgain.body.id }]);
    const creations = await reader
      .selectFrom('audit_log')
      .select('target_id')
      .where('action', '=', 'member.create')
      .where('after_json', 'like', `%${newMember.memberNumber}%`)
      .execute();
    expect(creations).toEqual([{ target_id: createdAgain.body.id }]);
    expect(await pinIssues()).toBe(2);
    const lateRows = await reader
      .selectFrom('checkins')
      .select(['endpoint_id', 'checked_out_at'])
      .where('session_id', '=', f.sessionId)
      .where('member_id', '=', latecomer.body.id)
      .execute();
    expect(lateRows).toEqual([{ endpoint_id: f.org.endpoints.a1, checked_out_at: null }]);
  }, 120_000);
});
