import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEADLINE_GRACE_MS } from './deadline.js';
import { LiveQuiz } from './LiveQuiz.js';
import { QuestionBank } from './QuestionBank.js';
import { quizWorld, type QuizWorld } from './quizWorld.test-data.js';
import { AuditLog } from '../audit/index.js';

const T0 = Date.parse('2026-03-10T10:00:00Z');

describe('LiveQuiz on the real SQLite store', () => {
  let w: QuizWorld;
  let quiz: LiveQuiz;
  let revealed: string[];

  beforeEach(async () => {
    // Only the clock is faked: the answer batcher's timers and the store run for real.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    w = await quizWorld();
    quiz = new LiveQuiz(w.ctx, w.sessions, new QuestionBank(w.db, w.sessions, new AuditLog(w.db)));
    revealed = [];
    quiz.onReveal = async (sessionId) => void revealed.push(sessionId);
  });

  afterEach(async () => {
    await quiz.stop();
    await w.close();
    vi.useRealTimers();
  });

  const events = () => w.live.pushes.map((p) => p.event);
  const answers = (runId: string) => w.db.selectFrom('quiz_answers').selectAll().where('run_id', '=', runId).execute();

  it('launches, takes an answer once, refuses late ones, closes and reveals', async () => {
    // launch
    const run = await quiz.launch(w.host, w.sessionId, w.question.id);
    expect(run).toMatchObject({
      sessionId: w.sessionId,
      startedAt: T0,
      deadline: T0 + 30_000,
      closedAt: null,
      revealed: false,
      question: { id: w.question.id, options: ['2020', '2021', '2022'] },
    });
    expect(run.question).not.toHaveProperty('correct');
    expect(w.live.pushes).toEqual([
      { to: { session: w.sessionId, staff: true }, event: 'quiz:question', payload: run },
      { to: { session: w.sessionId, endpoints: [w.endpointId] }, event: 'quiz:question', payload: run },
    ]);

    // answer
    vi.setSystemTime(T0 + 3_000);
    const first = await quiz.answer(w.memberId, w.sessionId, run.runId, { choice: [1] });
    expect(first).toEqual({
      runId: run.runId,
      answer: { choice: [1] },
      answeredAt: T0 + 3_000,
      elapsedMs: 3_000,
      correct: null, // not revealed yet
      points: null,
    });

    // a resend, even a different one, gets the stored answer; the store keeps one row
    vi.setSystemTime(T0 + 5_000);
    expect(await quiz.answer(w.memberId, w.sessionId, run.runId, { choice: [0] })).toEqual(first);
    expect(await answers(run.runId)).toHaveLength(1);

    // not checked in
    await expect(quiz.answer(w.absentMemberId, w.sessionId, run.runId, { choice: [1] })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: 'Only members checked in to this session may answer',
    });

    // after the deadline (and its grace): refused, but the stored answer is still served
    vi.setSystemTime(T0 + 30_000 + DEADLINE_GRACE_MS + 1);
    w.live.pushes.length = 0;
    await expect(quiz.answer(w.absentMemberId, w.sessionId, run.runId, { choice: [1] })).rejects.toMatchObject({
      code: 'DEADLINE_PASSED',
      message: 'The question is closed',
    });
    expect(await quiz.answer(w.memberId, w.sessionId, run.runId, { choice: [2] })).toEqual(first);

    // close: at the deadline, since that came first; a second close changes nothing
    const closed = await quiz.close(w.host, w.sessionId, run.runId);
    expect(closed.closedAt).toBe(T0 + 30_000);
    expect(events()).toEqual(['quiz:run', 'quiz:run']);
    expect(await quiz.close(w.host, w.sessionId, run.runId)).toMatchObject({ closedAt: T0 + 30_000 });
    expect(events()).toHaveLength(2);

    // reveal
    w.live.pushes.length = 0;
    const reveal = await quiz.reveal(w.host, w.sessionId, run.runId);
    expect(reveal).toMatchObject({
      runId: run.runId,
      type: 'single',
      correctChoice: [1],
      explanation: 'Năm 2021.',
      distribution: { total: 1, members: 1, teams: 0, options: [0, 1, 0], correct: 1 },
    });
    expect(events()).toEqual(['quiz:reveal', 'quiz:reveal']);
    expect(revealed).toEqual([w.sessionId]);
    const stored = await quiz.storedAnswer(await quiz.requireRun(w.sessionId, run.runId), { memberId: w.memberId });
    expect(stored).toMatchObject({ correct: true });
    expect(stored?.points).toBeGreaterThan(0);

    // revealed: no extension any more
    await expect(quiz.extend(w.host, w.sessionId, run.runId, 30)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'The answer was already revealed',
    });
  });

  it('takes an endpoint team answer once', async () => {
    const run = await quiz.launch(w.host, w.sessionId, w.question.id);
    vi.setSystemTime(T0 + 1_000);
    const first = await quiz.teamAnswer(w.endpointId, w.sessionId, run.runId, { choice: [0] });
    expect(first).toMatchObject({ runId: run.runId, answer: { choice: [0] }, elapsedMs: 1_000, correct: null });
    expect(await quiz.teamAnswer(w.endpointId, w.sessionId, run.runId, { choice: [1] })).toEqual(first);
    expect(await quiz.distribution(await quiz.requireRun(w.sessionId, run.runId))).toMatchObject({
      total: 1,
      teams: 1,
      options: [1, 0, 0],
      correct: null,
    });
    vi.setSystemTime(T0 + 31_000);
    await quiz.close(w.host, w.sessionId, run.runId);
    expect(await quiz.teamAnswer(w.endpointId, w.sessionId, run.runId, { choice: [1] })).toEqual(first);
  });

  it('extends a run: the deadline moves and a closed run opens again', async () => {
    const run = await quiz.launch(w.host, w.sessionId, w.question.id);
    vi.setSystemTime(T0 + 10_000);
    await quiz.close(w.host, w.sessionId, run.runId);
    await expect(quiz.answer(w.memberId, w.sessionId, run.runId, { choice: [1] })).rejects.toMatchObject({
      code: 'DEADLINE_PASSED',
    });
    const extended = await quiz.extend(w.host, w.sessionId, run.runId, 20);
    expect(extended).toMatchObject({ deadline: T0 + 50_000, closedAt: null });
    vi.setSystemTime(T0 + 40_000);
    expect(await quiz.answer(w.memberId, w.sessionId, run.runId, { choice: [1] })).toMatchObject({ elapsedMs: 40_000 });
  });

  it('launching closes the open question first, without a quiz:run push for it', async () => {
    const first = await quiz.launch(w.host, w.sessionId, w.question.id);
    vi.setSystemTime(T0 + 2_000);
    w.live.pushes.length = 0;
    const second = await quiz.launch(w.host, w.sessionId, w.question.id);
    expect(events()).toEqual(['quiz:question', 'quiz:question']);
    expect(await quiz.requireRun(w.sessionId, first.runId)).toMatchObject({ closedMs: T0 + 2_000 });
    expect((await quiz.currentRun(w.sessionId))?.id).toBe(second.runId);
  });

  it('refuses non-managers, unknown runs and sessions that are not live', async () => {
    await expect(quiz.launch(w.otherHost, w.sessionId, w.question.id)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: 'Only the session host or an admin may manage its quiz',
    });
    await expect(quiz.close(w.host, w.sessionId, 'no-such-run')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'No such question run in this session',
    });
    await expect(quiz.launch(w.host, w.sessionId, 'no-such-question')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'No such question in this session',
    });
    await w.db.updateTable('sessions').set({ status: 'ended' }).where('id', '=', w.sessionId).execute();
    await expect(quiz.launch(w.host, w.sessionId, w.question.id)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'Questions are launched in a live session',
    });
  });

  it('closes the open run with the session, inside its transaction', async () => {
    const run = await quiz.launch(w.host, w.sessionId, w.question.id);
    await w.db.transaction().execute((trx) => quiz.closeSessionRuns(w.sessionId, trx, T0 + 4_000));
    expect(await quiz.requireRun(w.sessionId, run.runId)).toMatchObject({ closedMs: T0 + 4_000 });
    const row = await w.db.selectFrom('quiz_runs').select('closed_ms').where('id', '=', run.runId).executeTakeFirst();
    expect(row?.closed_ms).toBe(T0 + 4_000);
  });

  it('recovers at start-up: overdue runs close at their deadline, open ones are kept', async () => {
    // The server stops with a question open past its deadline: recovery closes it at the deadline.
    const overdue = await quiz.launch(w.host, w.sessionId, w.question.id);
    await quiz.stop();
    vi.setSystemTime(T0 + 40_000);
    const first = new LiveQuiz(w.ctx, w.sessions, new QuestionBank(w.db, w.sessions, new AuditLog(w.db)));
    await first.recover();
    // It stops again with a question open before its deadline: recovery keeps it open.
    vi.setSystemTime(T0 + 60_000);
    const open = await first.launch(w.host, w.sessionId, w.question.id);
    await first.stop();
    vi.setSystemTime(T0 + 70_000);
    const restarted = new LiveQuiz(w.ctx, w.sessions, new QuestionBank(w.db, w.sessions, new AuditLog(w.db)));
    await restarted.recover();
    expect(await restarted.requireRun(w.sessionId, open.runId)).toMatchObject({ closedMs: null });
    const rows = await w.db.selectFrom('quiz_runs').select(['id', 'closed_ms']).orderBy('started_ms').execute();
    expect(rows).toEqual([
      { id: overdue.runId, closed_ms: T0 + 30_000 },
      { id: open.runId, closed_ms: null },
    ]);
    await restarted.stop();
  });

  const openRuns = () =>
    w.db
      .selectFrom('quiz_runs')
      .select('id')
      .where('session_id', '=', w.sessionId)
      .where('closed_ms', 'is', null)
      .execute();

  it('two launches at the same moment leave one question open (the later replaces the earlier)', async () => {
    const [a, b] = await Promise.all([
      quiz.launch(w.host, w.sessionId, w.question.id),
      quiz.launch(w.host, w.sessionId, w.question.id),
    ]);
    expect(a.runId).not.toBe(b.runId);
    expect(await openRuns()).toEqual([{ id: b.runId }]);
  });

  it('two nodes launching at once: the store keeps one open run, the loser is told to try again', async () => {
    const other = new LiveQuiz(w.ctx, w.sessions, new QuestionBank(w.db, w.sessions, new AuditLog(w.db)));
    const results = await Promise.allSettled([
      quiz.launch(w.host, w.sessionId, w.question.id),
      other.launch(w.host, w.sessionId, w.question.id),
    ]);
    await other.stop();
    expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'CONFLICT' });
    expect(await openRuns()).toHaveLength(1);
  });

  it('refuses to extend a run a newer question replaced: it stays closed and one question stays open', async () => {
    const old = await quiz.launch(w.host, w.sessionId, w.question.id);
    const current = await quiz.launch(w.host, w.sessionId, w.question.id);
    await expect(quiz.extend(w.host, w.sessionId, old.runId, 30)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'A newer question replaced this one; it cannot be reopened',
    });
    expect(await openRuns()).toEqual([{ id: current.runId }]);
  });
});
