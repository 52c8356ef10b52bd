import { sql, type Selectable, type Transaction } from 'kysely';
import type { Answer, Question, StoredAnswer } from '@diem-cau/shared';
import type { Database } from '../../store/database.js';
import type { DatabaseSchema, QuizAnswerTable, QuizRunTable } from '../../store/schema.js';
import { answerWindow, DEADLINE_GRACE_MS } from './deadline.js';
import { quizErrors } from './errors.js';
import type { RunState, StoredRunTimes } from './runState.js';
import { answerKey, answerPoints, isCorrect, speedPermille } from './scoring.js';

/**
 * Every query on the live quiz's tables: runs (`quiz_runs`), members' answers (`quiz_answers`) and
 * endpoints' team answers (`quiz_team_answers`). Functions take the store or an open transaction.
 */
type Executor = Database | Transaction<DatabaseSchema>;

/** The columns of a stored answer that a client is told about (members' and teams' alike). */
export const ANSWER_COLUMNS = ['run_id', 'answer_json', 'answered_ms', 'elapsed_ms', 'correct', 'points'] as const;
export type AnswerRow = Pick<Selectable<QuizAnswerTable>, (typeof ANSWER_COLUMNS)[number]>;

/** The columns a scored answer fills (members' and teams' alike; who answered comes on top). */
export const SCORED_COLUMNS = [
  'run_id',
  'session_id',
  'answer_json',
  'answer_key',
  'correct',
  'speed_permille',
  'points',
  'elapsed_ms',
  'answered_ms',
] as const;
export type ScoredColumns = Pick<QuizAnswerTable, (typeof SCORED_COLUMNS)[number]>;

/** Whose answer: a member's own, or an endpoint's team answer. */
export type Answerer = { memberId: string } | { endpointId: string };

export interface PendingAnswer {
  run: RunState;
  memberId: string;
  answer: Answer;
  receivedMs: number;
}

// ---- runs ----------------------------------------------------------------------------------------

function toRunState(row: Selectable<QuizRunTable>): RunState {
  return {
    id: row.id,
    sessionId: row.session_id,
    question: JSON.parse(row.question_json) as Question,
    startedMs: row.started_ms,
    deadlineMs: row.deadline_ms,
    closedMs: row.closed_ms,
    revealedMs: row.revealed_ms,
  };
}

export async function insertRun(db: Executor, run: RunState, launchedBy: string): Promise<void> {
  await db
    .insertInto('quiz_runs')
    .values({
      id: run.id,
      session_id: run.sessionId,
      question_id: run.question.id,
      question_json: JSON.stringify(run.question),
      launched_by: launchedBy,
      started_ms: run.startedMs,
      deadline_ms: run.deadlineMs,
      closed_ms: run.closedMs,
      revealed_ms: run.revealedMs,
    })
    .execute();
}

export async function findRun(db: Executor, runId: string): Promise<RunState | undefined> {
  const row = await db.selectFrom('quiz_runs').selectAll().where('id', '=', runId).executeTakeFirst();
  return row && toRunState(row);
}

/** The session's latest run (by start), if any. */
export async function latestRun(db: Executor, sessionId: string): Promise<RunState | undefined> {
  const row = await db
    .selectFrom('quiz_runs')
    .selectAll()
    .where('session_id', '=', sessionId)
    .orderBy('started_ms', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && toRunState(row);
}

/** Ids of the session's runs not closed yet. */
export async function openRunIds(db: Executor, sessionId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('quiz_runs')
    .select('id')
    .where('session_id', '=', sessionId)
    .where('closed_ms', 'is', null)
    .execute();
  return rows.map((r) => r.id);
}

/** Every run not closed yet, of any session. */
export async function openRuns(db: Executor): Promise<RunState[]> {
  const rows = await db.selectFrom('quiz_runs').selectAll().where('closed_ms', 'is', null).execute();
  return rows.map(toRunState);
}

/**
 * A new deadline, and the run open again until then — only while it is not revealed and no newer run
 * of its session exists (false otherwise). The unique index on open runs (migration 0401) refuses it
 * too when another run is open, which surfaces as a unique violation.
 */
export async function extendRun(db: Executor, runId: string, deadlineMs: number): Promise<boolean> {
  const result = await db
    .updateTable('quiz_runs')
    .set({ deadline_ms: deadlineMs, closed_ms: null })
    .where('id', '=', runId)
    .where('revealed_ms', 'is', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('quiz_runs as newer')
            .select('newer.id')
            .whereRef('newer.session_id', '=', 'quiz_runs.session_id')
            .whereRef('newer.started_ms', '>', 'quiz_runs.started_ms'),
        ),
      ),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function markRevealed(db: Executor, runId: string, revealedMs: number): Promise<void> {
  await db.updateTable('quiz_runs').set({ revealed_ms: revealedMs }).where('id', '=', runId).execute();
}

/** Closes the run if it is still open; false when it was closed already (maybe by another node). */
export async function closeRunIfOpen(db: Executor, runId: string, closedMs: number): Promise<boolean> {
  const result = await db
    .updateTable('quiz_runs')
    .set({ closed_ms: closedMs })
    .where('id', '=', runId)
    .where('closed_ms', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Closes the session's open runs at `at` (at their deadline if that came first), inside the
 * caller's transaction; returns each closed run with its close time.
 */
export async function closeOpenRunsOfSession(
  trx: Executor,
  sessionId: string,
  at: number,
): Promise<Array<{ id: string; closedMs: number }>> {
  const open = await trx
    .selectFrom('quiz_runs')
    .select(['id', 'deadline_ms'])
    .where('session_id', '=', sessionId)
    .where('closed_ms', 'is', null)
    .execute();
  const closed: Array<{ id: string; closedMs: number }> = [];
  for (const row of open) {
    const closedMs = Math.min(at, row.deadline_ms);
    await trx.updateTable('quiz_runs').set({ closed_ms: closedMs }).where('id', '=', row.id).execute();
    closed.push({ id: row.id, closedMs });
  }
  return closed;
}

/** Closes, at their deadline, the open runs whose deadline is before `nowMs` (the server was down). */
export async function closeOverdueRuns(db: Executor, nowMs: number): Promise<void> {
  await db
    .updateTable('quiz_runs')
    .set((eb) => ({ closed_ms: eb.ref('deadline_ms') }))
    .where('closed_ms', 'is', null)
    .where('deadline_ms', '<', nowMs)
    .execute();
}

// ---- answers -------------------------------------------------------------------------------------

/** The stored answer of a member (their own) or of an endpoint (its team answer) to a run. */
export function findAnswer(db: Executor, runId: string, who: Answerer): Promise<AnswerRow | undefined> {
  return 'memberId' in who
    ? db
        .selectFrom('quiz_answers')
        .select(ANSWER_COLUMNS)
        .where('run_id', '=', runId)
        .where('member_id', '=', who.memberId)
        .executeTakeFirst()
    : db
        .selectFrom('quiz_team_answers')
        .select(ANSWER_COLUMNS)
        .where('run_id', '=', runId)
        .where('endpoint_id', '=', who.endpointId)
        .executeTakeFirst();
}

/** Stores an endpoint's team answer unless it has one for the run already (the first is kept). */
export async function insertTeamAnswer(
  db: Executor,
  run: RunState,
  endpointId: string,
  answer: Answer,
  receivedMs: number,
): Promise<void> {
  await db
    .insertInto('quiz_team_answers')
    .values({ ...scoredColumns(run, answer, receivedMs), endpoint_id: endpointId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

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
        .columns([...SCORED_COLUMNS, 'member_id', 'endpoint_id'])
        .expression((eb) =>
          eb
            // check-in's read model: the member must be checked in now; the answer counts for that endpoint
            .selectFrom('checkin_spans')
            .select([
              ...SCORED_COLUMNS.map((column) => eb.val(v[column]).as(column)),
              eb.val(item.memberId).as('member_id'),
              'checkin_spans.endpoint_id',
            ])
            .where('checkin_spans.session_id', '=', item.run.sessionId)
            .where('checkin_spans.member_id', '=', item.memberId)
            .where('checkin_spans.checked_out_at', 'is', null)
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
          .select([...ANSWER_COLUMNS, 'member_id'])
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
    if (times && answerWindow(times, i.receivedMs) !== 'open') return quizErrors.deadlinePassed();
    return quizErrors.notCheckedIn();
  });
  return { results, runs };
}

/** The stored columns of an answer: canonical JSON, distribution key, correctness and points. */
export function scoredColumns(run: RunState, answer: Answer, receivedMs: number): ScoredColumns {
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

// ---- counts and totals ---------------------------------------------------------------------------

/** Answers to a run with one distribution key: how many, and how many of them are right. */
export interface KeyCount {
  answer_key: string;
  n: number;
  right: number;
}

/** A run's stored answers counted per distribution key, members' and team answers apart. */
export async function answerCountsByKey(
  db: Executor,
  runId: string,
): Promise<{ members: KeyCount[]; teams: KeyCount[] }> {
  const count = (table: 'quiz_answers' | 'quiz_team_answers') =>
    db
      .selectFrom(table)
      .select(['answer_key', sql<number>`count(*)`.as('n'), sql<number>`sum(correct)`.as('right')])
      .where('run_id', '=', runId)
      .groupBy('answer_key')
      .execute();
  const [members, teams] = await Promise.all([count('quiz_answers'), count('quiz_team_answers')]);
  return { members, teams };
}

/** Sums over answers to revealed questions (SQLite gives null sums for no rows). */
export interface RevealedSums {
  answered: number;
  correct: number;
  speed_sum: number;
}

const revealedSums = [
  sql<number>`count(*)`.as('answered'),
  sql<number>`sum(a.correct)`.as('correct'),
  sql<number>`sum(a.speed_permille)`.as('speed_sum'),
] as const;

/** Per member and per endpoint (team answers): sums over the session's answers to revealed questions. */
export async function revealedSumsOfSession(
  db: Executor,
  sessionId: string,
): Promise<{ members: Array<RevealedSums & { who: string }>; teams: Array<RevealedSums & { who: string }> }> {
  const [members, teams] = await Promise.all([
    db
      .selectFrom('quiz_answers as a')
      .innerJoin('quiz_runs as r', 'r.id', 'a.run_id')
      .select(['a.member_id as who', ...revealedSums])
      .where('a.session_id', '=', sessionId)
      .where('r.revealed_ms', 'is not', null)
      .groupBy('a.member_id')
      .execute(),
    db
      .selectFrom('quiz_team_answers as a')
      .innerJoin('quiz_runs as r', 'r.id', 'a.run_id')
      .select(['a.endpoint_id as who', ...revealedSums])
      .where('a.session_id', '=', sessionId)
      .where('r.revealed_ms', 'is not', null)
      .groupBy('a.endpoint_id')
      .execute(),
  ]);
  return { members, teams };
}

/** One member's sums over the session's answers to revealed questions. */
export function revealedSumsOfMember(
  db: Executor,
  sessionId: string,
  memberId: string,
): Promise<RevealedSums | undefined> {
  return db
    .selectFrom('quiz_answers as a')
    .innerJoin('quiz_runs as r', 'r.id', 'a.run_id')
    .select([...revealedSums])
    .where('a.session_id', '=', sessionId)
    .where('a.member_id', '=', memberId)
    .where('r.revealed_ms', 'is not', null)
    .executeTakeFirst();
}

// ---- reads for reports ------------------------------------------------------------------------

/** A session's runs with the bank's copy of their question (the run's own copy wins when present). */
export function sessionRunsWithQuestions(db: Database, sessionId: string) {
  return db
    .selectFrom('quiz_runs as r')
    .leftJoin('quiz_questions as q', 'q.id', 'r.question_id')
    .select([
      'r.id',
      'r.question_id',
      'r.question_json',
      'r.started_ms',
      'q.prompt',
      'q.type',
      'q.options',
      'q.position',
    ])
    .where('r.session_id', '=', sessionId)
    .execute();
}

/** Every member answer of a session, as the report scores them. */
export async function sessionMemberAnswers(db: Database, sessionId: string) {
  const rows = await db
    .selectFrom('quiz_answers')
    .select(['run_id', 'member_id', 'endpoint_id', 'answer_key', 'correct', 'points'])
    .where('session_id', '=', sessionId)
    .execute();
  return rows.map((a) => ({
    runId: a.run_id,
    memberId: a.member_id,
    endpointId: a.endpoint_id,
    answerKey: a.answer_key,
    correct: a.correct === 1,
    points: a.points,
  }));
}

/** Every endpoint (team) answer of a session. */
export async function sessionTeamAnswers(db: Database, sessionId: string) {
  const rows = await db
    .selectFrom('quiz_team_answers')
    .select(['run_id', 'endpoint_id', 'correct', 'points'])
    .where('session_id', '=', sessionId)
    .execute();
  return rows.map((a) => ({ runId: a.run_id, endpointId: a.endpoint_id, correct: a.correct === 1, points: a.points }));
}

/** How many runs, member answers and team answers a session has: part of a report's data fingerprint. */
export async function quizStamp(db: Database, sessionId: string) {
  const count = (table: 'quiz_runs' | 'quiz_answers' | 'quiz_team_answers') =>
    db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('session_id', '=', sessionId)
      .executeTakeFirstOrThrow();
  const [runs, answers, team] = await Promise.all([
    count('quiz_runs'),
    count('quiz_answers'),
    count('quiz_team_answers'),
  ]);
  return { runs: runs.n, answers: answers.n, teamAnswers: team.n };
}

// ---- records that keep a member or an endpoint ------------------------------------------------

/** Has the member live answers or make-up records (evidence: the member is kept)? */
export async function memberHasQuizRecords(db: Executor, memberId: string): Promise<boolean> {
  const [answer, attempt, allowance] = await Promise.all([
    db.selectFrom('quiz_answers').select('run_id').where('member_id', '=', memberId).executeTakeFirst(),
    db.selectFrom('quiz_makeup_attempts').select('id').where('member_id', '=', memberId).executeTakeFirst(),
    db.selectFrom('quiz_makeup_allowances').select('member_id').where('member_id', '=', memberId).executeTakeFirst(),
  ]);
  return answer !== undefined || attempt !== undefined || allowance !== undefined;
}

/** Has the endpoint team answers (evidence: the endpoint is kept)? */
export async function endpointHasQuizRecords(db: Executor, endpointId: string): Promise<boolean> {
  const row = await db
    .selectFrom('quiz_team_answers')
    .select('run_id')
    .where('endpoint_id', '=', endpointId)
    .executeTakeFirst();
  return row !== undefined;
}
