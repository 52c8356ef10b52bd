import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { AuthResponse, ErrorBody, HealthResponse, IssuedPin, LiveRun, Member, PinBatch } from '@diem-cau/shared';
import { adminToken, bringMembersIn, type HallMember } from '../support/hallMembers.js';
import { api, waitFor } from '../support/http.js';
import { startPrivateRedis, type PrivateRedis } from '../support/privateRedis.js';
import { buildQuizFixture, createQuestion } from '../support/quizFixture.js';
import { connectSocket, type TestSocket } from '../support/socketClient.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

/** Nothing the test sends may go unanswered this long while Redis is down (it would hang a phone). */
const BOUND_MS = 5_000;
/** How long Redis stays down. */
const OUTAGE_MS = 5_000;

function within<T>(work: Promise<T>, what: string, ms = BOUND_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, bound]).finally(() => clearTimeout(timer));
}

/** A raw driver text (an address, a port, ioredis' wording) must never reach a client. */
const leaksRawText = (body: unknown, port: number) =>
  new RegExp(`ECONNREFUSED|127\\.0\\.0\\.1|:${port}|ioredis|Stream isn't writeable|enableOfflineQueue`).test(
    JSON.stringify(body ?? null),
  );

/**
 * The fault campaign (#14): the deployment's Redis is restarted in the middle of a live session.
 * While it is down, what needs Redis answers a coded UNAVAILABLE at once (sign-in, a PIN batch, a new
 * connection), the hall goes on with what does not (answers, check-ins, admin edits), and /healthz
 * says "degraded" without Redis's error text. Once it is back the same node catches up by itself:
 * sign-in, new connections, pushes and the job queue work again, and nothing acknowledged is lost.
 */
describe('Redis restarted mid-session', () => {
  let redis: PrivateRedis | undefined;
  let t: TestApp | undefined;
  const sockets: TestSocket[] = [];

  afterAll(async () => {
    for (const s of sockets) s.close();
    try {
      redis?.start(); // in case the test failed while it was down (a no-op when it runs)
      await within(t?.close() ?? Promise.resolve(), 'app close', 30_000);
    } finally {
      redis?.remove(); // never left running, even if the app did not close
    }
  });

  it('keeps the hall going while Redis is down, answers UNAVAILABLE where it must, and catches up after', async () => {
    redis = await startPrivateRedis();
    t = await startTestApp({ REDIS_URL: redis.url, MEDIASOUP_WORKERS: '1' });
    const app = t;
    const f = await buildQuizFixture(app);
    const admin = await adminToken(app);
    const { unit_id: communeId } = await app.app.db
      .selectFrom('endpoints')
      .select('unit_id')
      .where('id', '=', f.org.endpoints.a1)
      .executeTakeFirstOrThrow();
    const connect = async (token: string) => {
      const s = await connectSocket(app.url, { token });
      sockets.push(s);
      const joined = await s.timeout(BOUND_MS).emitWithAck('session:join', { sessionId: f.sessionId });
      if (!joined.ok) throw new Error(`join refused: ${joined.error.code}`);
      return s;
    };
    const host = await connect(f.hostToken);
    const screens = { [f.org.endpoints.a1]: await connect(f.endpointTokens.a1) };
    screens[f.org.endpoints.b1] = await connect(f.endpointTokens.b1);
    const codeOf = async (endpointId: string) => {
      const code = await screens[endpointId]!.timeout(BOUND_MS).emitWithAck('checkin:currentCode', {});
      if (!code.ok) throw new Error(`code refused: ${code.error.code}`);
      return code.data.code;
    };

    // The hall: signed in with their PINs, joined and checked in, before anything goes wrong.
    const hall: HallMember[] = await bringMembersIn(app, {
      admin,
      sessionId: f.sessionId,
      communeId,
      endpointIds: [f.org.endpoints.a1, f.org.endpoints.b1],
      count: 6,
      codeOf,
    });
    for (const m of hall) sockets.push(m.socket);
    const cell = await api<{ id: string }>(app.url, 'POST', '/api/org/units', admin, {
      parentId: communeId,
      kind: 'cell',
      name: `Chi bộ muộn ${randomUUID().slice(0, 4)}`,
      code: `CBM-${randomUUID().slice(0, 6)}`,
    });
    expect(cell.status).toBe(201);
    const createMember = async (fullName: string) => {
      const created = await api<Member>(app.url, 'POST', '/api/org/members', admin, {
        cellId: cell.body.id,
        fullName,
        memberNumber: `R${randomUUID().slice(0, 8)}`,
        gender: 'female',
        birthYear: 1990,
      });
      expect(created.status).toBe(201);
      return created.body;
    };
    const signIn = (memberNumber: string, pin: string) =>
      within(
        api<AuthResponse | { error: ErrorBody }>(app.url, 'POST', '/api/auth/member', undefined, {
          memberNumber,
          pin,
          sessionId: f.sessionId,
        }),
        'member sign-in',
      );
    // A latecomer signed in and joined, who checks in only once Redis is down.
    const latecomer = await createMember('Người đến muộn');
    const latePin = await api<IssuedPin>(app.url, 'POST', `/api/org/members/${latecomer.id}/pin`, admin);
    const lateLogin = await signIn(latecomer.memberNumber, latePin.body.pin);
    expect(lateLogin.status).toBe(200);
    const lateToken = (lateLogin.body as AuthResponse).token;
    const lateSocket = await connect(lateToken);

    const q1 = await createQuestion(app, f, {
      type: 'single',
      prompt: 'Nghị quyết có mấy nhiệm vụ trọng tâm?',
      options: ['3', '5', '7'],
      correct: [1],
      timeLimitS: 120,
    });
    const launched = await host.timeout(BOUND_MS).emitWithAck('quiz:launch', { questionId: q1.id });
    if (!launched.ok) throw new Error(`launch refused: ${launched.error.code}`);
    const run1 = launched.data.runId;

    // ---- Redis goes down ----------------------------------------------------------------------
    const downAt = Date.now();
    redis.stop();

    // The hall's answers need only the store: each is acknowledged and stored.
    const answers = await within(
      Promise.all(
        hall.map((m, i) =>
          m.socket.timeout(BOUND_MS).emitWithAck('quiz:answer', { runId: run1, answer: { choice: [i % 3] } }),
        ),
      ),
      'answers',
    );
    expect(answers.map((a) => a.ok)).toEqual(hall.map(() => true));

    // Checking in counts wrong codes on this node meanwhile (a deliberate fallback): the latecomer gets in.
    const checkin = await lateSocket.timeout(BOUND_MS).emitWithAck('checkin:submit', {
      code: await codeOf(f.org.endpoints.a1),
    });
    expect(checkin).toMatchObject({ ok: true, data: { endpointId: f.org.endpoints.a1 } });

    // Admin work that only needs the store goes on; a new PIN is issued and shown (its forgiveness of
    // earlier failures waits for Redis, the PIN does not).
    const newcomer = await createMember('Người mới');
    const newPin = await within(
      api<IssuedPin | { error: ErrorBody }>(app.url, 'POST', `/api/org/members/${newcomer.id}/pin`, admin),
      'PIN issue',
    );
    expect(newPin.status).toBe(200);
    const pin = (newPin.body as IssuedPin).pin;

    // Sign-in needs its limits in Redis: a coded UNAVAILABLE with Retry-After, never INTERNAL, nothing raw.
    const refused = await signIn(newcomer.memberNumber, pin);
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ error: { code: 'UNAVAILABLE' } });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(leaksRawText(refused.body, redis.port)).toBe(false);

    // A PIN batch is a BullMQ job: refused at once, not left hanging until Redis is back.
    const batchRefused = await within(
      api<{ error: ErrorBody }>(app.url, 'POST', '/api/org/members/pins', admin, { memberIds: [newcomer.id] }),
      'PIN batch request',
    );
    expect(batchRefused.status).toBe(503);
    expect(batchRefused.body.error.code).toBe('UNAVAILABLE');

    // A new connection cannot be checked against revocations: refused as UNAVAILABLE (the phone
    // retries), not UNAUTHENTICATED (which would send it back to the sign-in page).
    const handshake = await within(
      connectSocket(app.url, { token: lateToken }).then(
        (s) => {
          s.close();
          return 'connected';
        },
        (error: Error & { data?: { code?: string } }) => error.data?.code,
      ),
      'handshake',
    );
    expect(handshake).toBe('UNAVAILABLE');

    // /healthz: degraded, and the checks (for an admin) name Redis with a short code only.
    const anonymous = await within(api<HealthResponse>(app.url, 'GET', '/healthz'), 'healthz');
    expect(anonymous.status).toBe(503);
    expect(anonymous.body).toEqual({ status: 'degraded' });
    const detailed = await within(api<HealthResponse>(app.url, 'GET', '/healthz', admin), 'healthz (admin)');
    expect(detailed.body.checks?.redis).toEqual({ ok: false, error: 'unreachable' });
    expect(detailed.body.checks?.store.ok).toBe(true);
    expect(leaksRawText(detailed.body, redis.port)).toBe(false);

    // Every socket of the hall is still connected.
    expect([...hall.map((m) => m.socket), lateSocket, host].every((s) => s.connected)).toBe(true);

    // ---- Redis comes back (same port and folder, as infra/redis.sh restarts it) ----------------
    await new Promise((r) => setTimeout(r, Math.max(0, OUTAGE_MS - (Date.now() - downAt))));
    redis.start();
    await waitFor(async () => ((await api(app.url, 'GET', '/healthz')).status === 200 ? true : undefined), 20_000);

    // Sign-in and new connections work again, without restarting the server.
    const again = await signIn(newcomer.memberNumber, pin);
    expect(again.status).toBe(200);
    const newSocket = await connect((again.body as AuthResponse).token);
    const newCheckin = await newSocket
      .timeout(BOUND_MS)
      .emitWithAck('checkin:submit', { code: await codeOf(f.org.endpoints.b1) });
    expect(newCheckin.ok).toBe(true);

    // The job queue runs a PIN batch again.
    const started = await api<PinBatch>(app.url, 'POST', '/api/org/members/pins', admin, { memberIds: [latecomer.id] });
    expect(started.status).toBe(202);
    const batch = await waitFor(async () => {
      const b = await api<PinBatch>(app.url, 'GET', `/api/org/pin-batches/${started.body.batchId}`, admin);
      return b.body.state === 'done' || b.body.state === 'failed' ? b.body : undefined;
    }, 30_000);
    expect(batch).toMatchObject({ state: 'done', count: 1 });

    // Pushes reach the phones again: the next question arrives on every phone, latecomers included.
    const everyone = [...hall.map((m) => m.socket), lateSocket, newSocket];
    const q2 = await createQuestion(app, f, {
      type: 'single',
      prompt: 'Câu hỏi sau khi Redis trở lại',
      options: ['A', 'B'],
      correct: [0],
      timeLimitS: 120,
    });
    const pushed = Promise.all(
      everyone.map((s) => new Promise<LiveRun>((resolve) => s.once('quiz:question', (run) => resolve(run)))),
    );
    const second = await host.timeout(BOUND_MS).emitWithAck('quiz:launch', { questionId: q2.id });
    if (!second.ok) throw new Error(`launch refused: ${second.error.code}`);
    const received = await within(pushed, 'quiz:question pushes');
    expect(received.every((r) => r.runId === second.data.runId)).toBe(true);
    const answers2 = await Promise.all(
      everyone.map((s) =>
        s.timeout(BOUND_MS).emitWithAck('quiz:answer', { runId: second.data.runId, answer: { choice: [0] } }),
      ),
    );
    expect(answers2.every((a) => a.ok)).toBe(true);

    // ---- Nothing lost: what was acknowledged is in the store, once ------------------------------
    const stored = await app.app.db
      .selectFrom('quiz_answers')
      .select(['run_id', 'member_id', 'answered_ms'])
      .where('run_id', 'in', [run1, second.data.runId])
      .execute();
    const first = stored.filter((r) => r.run_id === run1);
    expect(first.map((r) => r.member_id).sort()).toEqual(hall.map((m) => m.id).sort());
    answers.forEach((a, i) => {
      if (a.ok) expect(first.find((r) => r.member_id === hall[i]!.id)?.answered_ms).toBe(a.data.answeredAt);
    });
    const secondRows = stored.filter((r) => r.run_id === second.data.runId);
    expect(secondRows).toHaveLength(everyone.length);
    expect(new Set(secondRows.map((r) => r.member_id)).size).toBe(everyone.length);
    // The check-in made while Redis was down is open, once.
    const lateCheckins = await app.app.db
      .selectFrom('checkins')
      .select(['endpoint_id', 'checked_out_at'])
      .where('session_id', '=', f.sessionId)
      .where('member_id', '=', latecomer.id)
      .execute();
    expect(lateCheckins).toEqual([{ endpoint_id: f.org.endpoints.a1, checked_out_at: null }]);
  }, 90_000);
});
