import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity, LiveRun } from '@diem-cau/shared';
import { quizDomain } from '@diem-cau/server/src/domain/quiz/index.js';
import {
  addCheckedInMembers,
  buildQuizFixture,
  createQuestion,
  type QuizFixture,
  type QuizMember,
} from '../support/quizFixture.js';
import { connectSocket, type TestSocket } from '../support/socketClient.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

function nextQuestion(socket: TestSocket): Promise<LiveRun> {
  return new Promise((resolve) => socket.once('quiz:question', resolve));
}

async function joined(t: TestApp, token: string, sessionId: string, sockets: TestSocket[]): Promise<TestSocket> {
  const socket = await connectSocket(t.url, { token });
  sockets.push(socket);
  const ack = await socket.emitWithAck('session:join', { sessionId });
  if (!ack.ok) throw new Error(`join refused: ${ack.error.code}`);
  return socket;
}

/**
 * Two platform nodes sharing the store and Redis, as a multi-node deployment does: the question
 * reaches phones on either node through their endpoint rooms, a close or extension made on one node
 * holds for answers taken on the other (the run's row in the store is authoritative), and a phone
 * that checks in while a question is open is handed it at once, without polling.
 */
describe('live quiz across two nodes', () => {
  let a: TestApp;
  let b: TestApp;
  let f: QuizFixture;
  let members: QuizMember[];
  let host: Identity;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    a = await startTestApp();
    b = await startTestApp({ DATA_DIR: a.app.config.dataDir, REDIS_PREFIX: a.app.config.redisPrefix });
    f = await buildQuizFixture(a);
    members = await addCheckedInMembers(a, f, 2, [f.org.endpoints.a1]);
    host = { subject: f.org.host.id, role: 'host' };
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await b?.close();
    await a?.close();
  });

  it('a close or an extension made on one node holds for answers taken on the other', async () => {
    const question = await createQuestion(a, f, {
      type: 'single',
      prompt: 'Hai nút',
      options: ['Một', 'Hai'],
      correct: [1],
      timeLimitS: 5,
    });
    const onA = await joined(a, members[0]!.token, f.sessionId, sockets);
    const onB = await joined(b, members[1]!.token, f.sessionId, sockets);
    const pushed = Promise.all([nextQuestion(onA), nextQuestion(onB)]);
    const run = await quizDomain(a.app.ctx).live.launch(host, f.sessionId, question.id);
    expect((await pushed).map((r) => r.runId)).toEqual([run.runId, run.runId]);

    // Extended on B; A launched it and armed its auto-close for the first deadline.
    const extended = await quizDomain(b.app.ctx).live.extend(host, f.sessionId, run.runId, 30);
    await delay(run.deadline - Date.now() + 900);
    const row = await a.app.db
      .selectFrom('quiz_runs')
      .select(['closed_ms', 'deadline_ms'])
      .where('id', '=', run.runId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ closed_ms: null, deadline_ms: extended.deadline });
    // A member on A, past the first deadline, is in time for the extended one.
    const late = await onA.emitWithAck('quiz:answer', { runId: run.runId, answer: { choice: [1] } });
    expect(late).toMatchObject({ ok: true, data: { runId: run.runId, answer: { choice: [1] } } });

    // Closed early on A; a member on B, whose node saw the question open, is refused.
    await quizDomain(a.app.ctx).live.close(host, f.sessionId, run.runId);
    const refused = await onB.emitWithAck('quiz:answer', { runId: run.runId, answer: { choice: [0] } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'DEADLINE_PASSED' } });
    // A's resend still gets its stored answer back, whichever node takes it.
    expect(await onA.emitWithAck('quiz:answer', { runId: run.runId, answer: { choice: [0] } })).toMatchObject({
      ok: true,
      data: { answer: { choice: [1] } },
    });

    // Revealed on B; the state read on A shows it revealed, with the member's own result.
    await quizDomain(b.app.ctx).live.reveal(host, f.sessionId, run.runId);
    const state = await onA.emitWithAck('quiz:state', {});
    expect(state).toMatchObject({
      ok: true,
      data: {
        run: { runId: run.runId, revealed: true },
        reveal: { runId: run.runId, distribution: { total: 1 } },
        mine: { correct: true },
      },
    });
    const stored = await a.app.db
      .selectFrom('quiz_answers')
      .select('member_id')
      .where('run_id', '=', run.runId)
      .execute();
    expect(stored.map((s) => s.member_id)).toEqual([members[0]!.id]);
  });

  it('a phone that checks in while a question is open gets it pushed at once', async () => {
    const question = await createQuestion(a, f, {
      type: 'true_false',
      prompt: 'Vào muộn',
      correct: [0],
      timeLimitS: 60,
    });
    const [late] = await addCheckedInMembers(a, f, 1, [f.org.endpoints.a1], { checkIn: false });
    const screen = await joined(b, f.endpointTokens.a1, f.sessionId, sockets);
    const phone = await joined(b, late!.token, f.sessionId, sockets);
    let early = 0;
    phone.on('quiz:question', () => early++);
    const run = await quizDomain(a.app.ctx).live.launch(host, f.sessionId, question.id);
    await delay(300);
    expect(early).toBe(0); // not checked in: not in the endpoint's room
    phone.off('quiz:question');

    const code = await screen.emitWithAck('checkin:currentCode', {});
    if (!code.ok) throw new Error(`checkin:currentCode refused: ${code.error.code}`);
    const pushed = nextQuestion(phone);
    expect(await phone.emitWithAck('checkin:submit', { code: code.data.code })).toMatchObject({
      ok: true,
      data: { endpointId: f.org.endpoints.a1 },
    });
    expect(await pushed).toMatchObject({ runId: run.runId, question: { prompt: 'Vào muộn' }, closedAt: null });
    expect(await phone.emitWithAck('quiz:answer', { runId: run.runId, answer: { choice: [0] } })).toMatchObject({
      ok: true,
    });

    // A phone of a member already checked in gets it again when it re-joins (e.g. after a reconnect).
    const again = await connectSocket(b.url, { token: late!.token });
    sockets.push(again);
    const repushed = nextQuestion(again);
    expect((await again.emitWithAck('session:join', { sessionId: f.sessionId })).ok).toBe(true);
    expect((await repushed).runId).toBe(run.runId);
  });
});
