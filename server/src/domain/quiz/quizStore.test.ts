import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../errors/AppError.js';
import { DEADLINE_GRACE_MS } from './deadline.js';
import * as store from './quizStore.js';
import { quizWorld, type QuizWorld } from './quizWorld.test-data.js';
import { newRun, type RunState } from './runState.js';

const T0 = Date.parse('2026-03-10T10:00:00Z');

describe('quizStore on the real SQLite store', () => {
  let w: QuizWorld;
  let run: RunState;

  beforeEach(async () => {
    w = await quizWorld();
    run = newRun(randomUUID(), w.sessionId, w.question, T0);
    await store.insertRun(w.db, run, w.host.subject);
  });

  afterEach(() => w.close());

  describe('runs', () => {
    it('stores a run and reads it back whole', async () => {
      expect(await store.findRun(w.db, run.id)).toEqual(run);
      expect(await store.findRun(w.db, 'nope')).toBeUndefined();
      const row = await w.db.selectFrom('quiz_runs').selectAll().where('id', '=', run.id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ question_id: w.question.id, launched_by: w.host.subject, deadline_ms: T0 + 30_000 });
    });

    it('finds the latest run and the open ones of a session, and keeps one open at a time', async () => {
      const later = newRun(randomUUID(), w.sessionId, w.question, T0 + 1_000);
      // A second open run of the session is refused by the store itself (migration 0401).
      await expect(store.insertRun(w.db, later, w.host.subject)).rejects.toThrow(/UNIQUE/);
      expect(await store.openRunIds(w.db, w.sessionId)).toEqual([run.id]);
      await store.closeRunIfOpen(w.db, run.id, T0 + 500);
      await store.insertRun(w.db, later, w.host.subject);
      expect((await store.latestRun(w.db, w.sessionId))?.id).toBe(later.id);
      expect(await store.latestRun(w.db, 'other-session')).toBeUndefined();
      expect(await store.openRunIds(w.db, w.sessionId)).toEqual([later.id]);
      expect((await store.openRuns(w.db)).map((r) => r.id)).toEqual([later.id]);
    });

    it('extends only the newest run of the session, never a revealed one', async () => {
      await store.closeRunIfOpen(w.db, run.id, T0 + 500);
      const later = newRun(randomUUID(), w.sessionId, w.question, T0 + 1_000);
      await store.insertRun(w.db, later, w.host.subject);
      expect(await store.extendRun(w.db, run.id, T0 + 60_000)).toBe(false);
      expect((await store.findRun(w.db, run.id))?.closedMs).toBe(T0 + 500);
      await store.markRevealed(w.db, later.id, T0 + 2_000);
      expect(await store.extendRun(w.db, later.id, T0 + 60_000)).toBe(false);
    });

    it('closes a run only while it is open', async () => {
      expect(await store.closeRunIfOpen(w.db, run.id, T0 + 5_000)).toBe(true);
      expect(await store.closeRunIfOpen(w.db, run.id, T0 + 9_000)).toBe(false);
      expect((await store.findRun(w.db, run.id))?.closedMs).toBe(T0 + 5_000);
    });

    it('extends a run: new deadline, open again', async () => {
      await store.closeRunIfOpen(w.db, run.id, T0 + 5_000);
      expect(await store.extendRun(w.db, run.id, T0 + 60_000)).toBe(true);
      expect(await store.findRun(w.db, run.id)).toMatchObject({ deadlineMs: T0 + 60_000, closedMs: null });
    });

    it('marks a run revealed', async () => {
      await store.markRevealed(w.db, run.id, T0 + 40_000);
      expect((await store.findRun(w.db, run.id))?.revealedMs).toBe(T0 + 40_000);
    });

    it("closes a session's open runs in a transaction, at their deadline if that came first", async () => {
      const closeAt = (at: number) =>
        w.db.transaction().execute((trx) => store.closeOpenRunsOfSession(trx, w.sessionId, at));
      expect(await closeAt(T0 + 35_000)).toEqual([{ id: run.id, closedMs: T0 + 30_000 }]);
      const later = newRun(randomUUID(), w.sessionId, w.question, T0 + 20_000);
      await store.insertRun(w.db, later, w.host.subject);
      expect(await closeAt(T0 + 35_000)).toEqual([{ id: later.id, closedMs: T0 + 35_000 }]);
      expect(await store.openRunIds(w.db, w.sessionId)).toEqual([]);
    });

    it('closes overdue runs at their deadline (start-up recovery)', async () => {
      await store.closeOverdueRuns(w.db, T0 + 40_000);
      expect((await store.findRun(w.db, run.id))?.closedMs).toBe(T0 + 30_000);
      const later = newRun(randomUUID(), w.sessionId, w.question, T0 + 20_000);
      await store.insertRun(w.db, later, w.host.subject);
      await store.closeOverdueRuns(w.db, T0 + 40_000);
      expect((await store.findRun(w.db, later.id))?.closedMs).toBeNull();
    });
  });

  describe('answers', () => {
    const pending = (memberId: string, choice: number, receivedMs: number): store.PendingAnswer => ({
      run,
      memberId,
      answer: { choice: [choice] },
      receivedMs,
    });

    it('stores a batch once per member, and answers each item with what is stored', async () => {
      const { results, runs } = await store.storeAnswerBatch(w.db, [
        pending(w.memberId, 1, T0 + 2_000),
        pending(w.memberId, 0, T0 + 3_000), // the same member again: the first is kept
        pending(w.absentMemberId, 1, T0 + 2_000), // no open check-in
      ]);
      const stored = { run_id: run.id, answer_json: '{"choice":[1]}', answered_ms: T0 + 2_000, elapsed_ms: 2_000 };
      expect(results[0]).toMatchObject({ ...stored, correct: 1 });
      expect(results[1]).toEqual(results[0]);
      expect(results[2]).toBeInstanceOf(AppError);
      expect(results[2]).toMatchObject({ code: 'FORBIDDEN' });
      expect(runs.get(run.id)).toEqual({ deadlineMs: T0 + 30_000, closedMs: null, revealedMs: null });
      const rows = await w.db.selectFrom('quiz_answers').selectAll().execute();
      expect(rows).toEqual([
        {
          ...stored,
          session_id: w.sessionId,
          member_id: w.memberId,
          endpoint_id: w.endpointId, // from the member's check-in
          answer_key: '1',
          correct: 1,
          speed_permille: expect.any(Number),
          points: expect.any(Number),
        },
      ]);
      // a later batch gets the stored answer too
      const again = await store.storeAnswerBatch(w.db, [pending(w.memberId, 2, T0 + 9_000)]);
      expect(again.results[0]).toEqual(results[0]);
    });

    it('refuses answers received after the deadline and its grace, or after a close', async () => {
      const late = await store.storeAnswerBatch(w.db, [pending(w.memberId, 1, T0 + 30_000 + DEADLINE_GRACE_MS + 1)]);
      expect(late.results[0]).toMatchObject({ code: 'DEADLINE_PASSED', message: 'The question is closed' });
      const inGrace = await store.storeAnswerBatch(w.db, [pending(w.memberId, 1, T0 + 30_000 + DEADLINE_GRACE_MS)]);
      expect(inGrace.results[0]).toMatchObject({ answered_ms: T0 + 30_000 + DEADLINE_GRACE_MS });

      await store.closeRunIfOpen(w.db, run.id, T0 + 40_000);
      const other = newRun(randomUUID(), w.sessionId, w.question, T0);
      await store.insertRun(w.db, other, w.host.subject);
      await store.closeRunIfOpen(w.db, other.id, T0 + 1_000);
      const closed = await store.storeAnswerBatch(w.db, [{ ...pending(w.memberId, 1, T0 + 1_000), run: other }]);
      expect(closed.results[0]).toMatchObject({ code: 'DEADLINE_PASSED' });
      expect(closed.runs.get(other.id)).toMatchObject({ closedMs: T0 + 1_000 });
    });

    it("stores an endpoint's team answer once, and finds members' and teams' answers", async () => {
      await store.insertTeamAnswer(w.db, run, w.endpointId, { choice: [0] }, T0 + 4_000);
      await store.insertTeamAnswer(w.db, run, w.endpointId, { choice: [1] }, T0 + 5_000);
      expect(await store.findAnswer(w.db, run.id, { endpointId: w.endpointId })).toEqual({
        run_id: run.id,
        answer_json: '{"choice":[0]}',
        answered_ms: T0 + 4_000,
        elapsed_ms: 4_000,
        correct: 0,
        points: 0,
      });
      expect(await store.findAnswer(w.db, run.id, { memberId: w.memberId })).toBeUndefined();
      await store.storeAnswerBatch(w.db, [pending(w.memberId, 1, T0 + 2_000)]);
      expect(await store.findAnswer(w.db, run.id, { memberId: w.memberId })).toMatchObject({ correct: 1 });
      expect(await store.findAnswer(w.db, run.id, { endpointId: 'other' })).toBeUndefined();
    });

    it('counts answers per key, members and teams apart', async () => {
      await store.storeAnswerBatch(w.db, [pending(w.memberId, 1, T0 + 2_000)]);
      await store.insertTeamAnswer(w.db, run, w.endpointId, { choice: [1] }, T0 + 4_000);
      expect(await store.answerCountsByKey(w.db, run.id)).toEqual({
        members: [{ answer_key: '1', n: 1, right: 1 }],
        teams: [{ answer_key: '1', n: 1, right: 1 }],
      });
    });

    it('sums only answers to revealed runs', async () => {
      await store.storeAnswerBatch(w.db, [pending(w.memberId, 1, T0 + 2_000)]);
      await store.insertTeamAnswer(w.db, run, w.endpointId, { choice: [0] }, T0 + 4_000);
      expect(await store.revealedSumsOfSession(w.db, w.sessionId)).toEqual({ members: [], teams: [] });
      expect(await store.revealedSumsOfMember(w.db, w.sessionId, w.memberId)).toMatchObject({ answered: 0 });

      await store.markRevealed(w.db, run.id, T0 + 40_000);
      const sums = await store.revealedSumsOfSession(w.db, w.sessionId);
      expect(sums.members).toEqual([{ who: w.memberId, answered: 1, correct: 1, speed_sum: expect.any(Number) }]);
      expect(sums.teams).toEqual([{ who: w.endpointId, answered: 1, correct: 0, speed_sum: 0 }]);
      expect(await store.revealedSumsOfMember(w.db, w.sessionId, w.memberId)).toMatchObject({
        answered: 1,
        correct: 1,
      });
    });
  });

  describe('row mapping', () => {
    it('fills exactly the scored columns', () => {
      const columns = store.scoredColumns(run, { choice: [1] }, T0 + 3_000);
      expect(Object.keys(columns).sort()).toEqual([...store.SCORED_COLUMNS].sort());
      expect(columns).toMatchObject({ run_id: run.id, session_id: w.sessionId, answer_key: '1', correct: 1 });
      expect(store.scoredColumns(run, { choice: [0] }, T0 + 3_000)).toMatchObject({
        correct: 0,
        speed_permille: 0,
        points: 0,
      });
    });

    it('tells correctness and points only once revealed', () => {
      const row = {
        run_id: run.id,
        answer_json: '{"choice":[1]}',
        answered_ms: T0,
        elapsed_ms: 0,
        correct: 1,
        points: 9,
      };
      expect(store.toStoredAnswer(run, row)).toMatchObject({ answer: { choice: [1] }, correct: null, points: null });
      expect(store.toStoredAnswer({ ...run, revealedMs: T0 + 1 }, row)).toMatchObject({ correct: true, points: 9 });
    });
  });
});
