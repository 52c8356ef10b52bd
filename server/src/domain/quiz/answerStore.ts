import type { Selectable } from 'kysely';
import type { Answer, StoredAnswer } from '@diem-cau/shared';
import { AppError } from '../../errors/AppError.js';
import type { Database } from '../../store/database.js';
import type { QuizAnswerTable } from '../../store/schema.js';
import { answerWindow, DEADLINE_GRACE_MS, type RunTimes } from './deadline.js';
import type { RunState } from './LiveQuiz.js';
import { answerKey, answerPoints, isCorrect, speedPermille } from './scoring.js';

export interface PendingAnswer {
  run: RunState;
  memberId: string;
  answer: Answer;
  receivedMs: number;
}

export type AnswerRow = Pick<
  Selectable<QuizAnswerTable>,
  'answer_json' | 'answered_ms' | 'elapsed_ms' | 'correct' | 'points'
> & { run_id: string };

/** A run's times as the store holds them now (any node may have closed, extended or revealed it). */
export type StoredRunTimes = RunTimes & { revealedMs: number | null };

/**
 * Stores a batch of members' answers in one transaction: each is inserted only if the member has an
 * open check-in in the session, the run was still open when the answer was received — checked
 * against the run's row in the same statement, so a close or extension made by another node is
 * honoured — and the member has not answered this run yet (the UNIQUE key keeps the first). Then
 * every row is read back, so each caller gets what is stored. An answer with no stored row gets
 * DEADLINE_PASSED if the run was closed for it, FORBIDDEN otherwise (no open check-in). The runs'
 * current times are returned too, for the caller's cache.
 */
export async function storeAnswerBatch(
  db: Database,
  items: PendingAnswer[],
): Promise<{ results: Array<AnswerRow | Error>; runs: Map<string, StoredRunTimes> }> {
  const { found, runs } = await db.transaction().execute(async (trx) => {
    for (const item of items) {
      const v = scoredColumns(item.run, item.answer, item.receivedMs);
      await trx
        .insertInto('quiz_answers')
        .columns([
          'run_id',
          'session_id',
          'member_id',
          'endpoint_id',
          'answer_json',
          'answer_key',
          'correct',
          'speed_permille',
          'points',
          'elapsed_ms',
          'answered_ms',
        ])
        .expression((eb) =>
          eb
            .selectFrom('checkins')
            .select([
              eb.val(v.run_id).as('run_id'),
              eb.val(v.session_id).as('session_id'),
              eb.val(item.memberId).as('member_id'),
              'checkins.endpoint_id',
              eb.val(v.answer_json).as('answer_json'),
              eb.val(v.answer_key).as('answer_key'),
              eb.val(v.correct).as('correct'),
              eb.val(v.speed_permille).as('speed_permille'),
              eb.val(v.points).as('points'),
              eb.val(v.elapsed_ms).as('elapsed_ms'),
              eb.val(v.answered_ms).as('answered_ms'),
            ])
            .where('checkins.session_id', '=', item.run.sessionId)
            .where('checkins.member_id', '=', item.memberId)
            .where('checkins.checked_out_at', 'is', null)
            .where(({ exists, selectFrom }) =>
              exists(
                selectFrom('quiz_runs')
                  .select('quiz_runs.id')
                  .where('quiz_runs.id', '=', item.run.id)
                  .where((r) =>
                    r.or([r('quiz_runs.closed_ms', 'is', null), r('quiz_runs.closed_ms', '>', item.receivedMs)]),
                  )
                  .where('quiz_runs.deadline_ms', '>=', item.receivedMs - DEADLINE_GRACE_MS),
              ),
            )
            .limit(1),
        )
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    const found = new Map<string, AnswerRow>();
    const byRun = new Map<string, PendingAnswer[]>();
    for (const item of items) {
      const group = byRun.get(item.run.id);
      if (group) group.push(item);
      else byRun.set(item.run.id, [item]);
    }
    for (const [runId, group] of byRun) {
      const ids = [...new Set(group.map((g) => g.memberId))];
      for (let i = 0; i < ids.length; i += 500) {
        const stored = await trx
          .selectFrom('quiz_answers')
          .select(['run_id', 'member_id', 'answer_json', 'answered_ms', 'elapsed_ms', 'correct', 'points'])
          .where('run_id', '=', runId)
          .where('member_id', 'in', ids.slice(i, i + 500))
          .execute();
        for (const s of stored) found.set(`${runId}/${s.member_id}`, s);
      }
    }
    const runRows = await trx
      .selectFrom('quiz_runs')
      .select(['id', 'deadline_ms', 'closed_ms', 'revealed_ms'])
      .where('id', 'in', [...byRun.keys()])
      .execute();
    const runs = new Map<string, StoredRunTimes>(
      runRows.map((r) => [r.id, { deadlineMs: r.deadline_ms, closedMs: r.closed_ms, revealedMs: r.revealed_ms }]),
    );
    return { found, runs };
  });
  const results = items.map((i) => {
    const row = found.get(`${i.run.id}/${i.memberId}`);
    if (row) return row;
    const times = runs.get(i.run.id);
    if (times && answerWindow(times, i.receivedMs) !== 'open')
      return new AppError('DEADLINE_PASSED', 'The question is closed');
    return new AppError('FORBIDDEN', 'Only members checked in to this session may answer');
  });
  return { results, runs };
}

/** The stored columns of an answer: canonical JSON, distribution key, correctness and points. */
export function scoredColumns(run: RunState, answer: Answer, receivedMs: number) {
  const elapsed = Math.max(0, receivedMs - run.startedMs);
  const correct = isCorrect(run.question, answer);
  const speed = speedPermille(elapsed, run.question.timeLimitS);
  return {
    run_id: run.id,
    session_id: run.sessionId,
    answer_json: JSON.stringify(answer),
    answer_key: answerKey(answer),
    correct: correct ? 1 : 0,
    speed_permille: correct ? speed : 0,
    points: answerPoints(correct, speed),
    elapsed_ms: elapsed,
    answered_ms: receivedMs,
  };
}

/** What the client is told about a stored answer (correctness and points only once revealed). */
export function toStoredAnswer(run: RunState, row: AnswerRow): StoredAnswer {
  const revealed = run.revealedMs !== null;
  return {
    runId: row.run_id,
    answer: JSON.parse(row.answer_json) as Answer,
    answeredAt: row.answered_ms,
    elapsedMs: row.elapsed_ms,
    correct: revealed ? row.correct === 1 : null,
    points: revealed ? row.points : null,
  };
}
