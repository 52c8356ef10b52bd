import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type {
  Answer,
  AnswerResult,
  Identity,
  MakeupAttempt,
  MakeupResult,
  MakeupStatus,
  Question,
} from '@diem-cau/shared';
import { quizErrors } from './errors.js';
import type { Database } from '../../store/database.js';
import type { SessionService } from '../sessions/index.js';
import type { QuestionBank } from './QuestionBank.js';
import { BASE_POINTS, canonicalAnswer, isCorrect } from './scoring.js';
import { readSettings } from './settings.js';
import { attendedLive } from '../attendance/index.js';
import { orgQueries } from '../org/index.js';
import { sessionQueries } from '../sessions/index.js';

/** Ended sessions looked at for a member's make-up list. */
const LIST_LIMIT = 20;

const publicOf = (q: Question) => ({
  id: q.id,
  position: q.position,
  type: q.type,
  prompt: q.prompt,
  options: q.options,
  timeLimitS: q.timeLimitS,
});

function resultOf(q: Question, answerJson: string, correct: number, points: number, revealed: boolean): AnswerResult {
  const answer = JSON.parse(answerJson) as Answer;
  if (!revealed)
    return {
      questionId: q.id,
      answer,
      revealed,
      correct: null,
      points: null,
      correctChoice: [],
      accepted: [],
      explanation: '',
    };
  return {
    questionId: q.id,
    answer,
    revealed,
    correct: correct === 1,
    points,
    correctChoice: q.correct,
    accepted: q.accepted,
    explanation: q.explanation,
  };
}

/**
 * A later domain's say on a member's make-up quiz (make-up study): 'study_incomplete' holds it back
 * until the recording is studied; 'study_completed' opens it to a member who completed make-up study
 * though they attended (one the host assigned); null leaves it to the quiz's own rules.
 */
export type MakeupGate = (
  member: Identity,
  sessionId: string,
) => Promise<'study_incomplete' | 'study_completed' | null>;

/**
 * The make-up quiz: after the session ends, a member who did not attend by the session's rule (or one
 * the host allows, or one who completed make-up study) answers the bank self-paced on the phone, within the attempt limit. Kept apart from live answers:
 * its own tables, never in the live leaderboards. Score = BASE_POINTS per correct answer.
 */
export class Makeup {
  readonly #db: Database;
  readonly #sessions: SessionService;
  readonly #bank: QuestionBank;
  readonly #gates: MakeupGate[] = [];

  constructor(db: Database, sessions: SessionService, bank: QuestionBank) {
    this.#db = db;
    this.#sessions = sessions;
    this.#bank = bank;
  }

  /** Lets a later domain hold the quiz back (make-up study from the recording must come first). */
  addGate(gate: MakeupGate): void {
    this.#gates.push(gate);
  }

  async status(member: Identity, sessionId: string): Promise<MakeupStatus> {
    this.#assertMember(member, sessionId);
    const session = await this.#sessions.requireSession(sessionId);
    const [settings, attempts, attended, allowed, questions] = await Promise.all([
      readSettings(this.#db, sessionId),
      this.#attempts(sessionId, member.subject),
      attendedLive(this.#db, session, member.subject),
      this.#db
        .selectFrom('quiz_makeup_allowances')
        .select('member_id')
        .where('session_id', '=', sessionId)
        .where('member_id', '=', member.subject)
        .executeTakeFirst(),
      this.#bank.list(sessionId),
    ]);
    const unfinished = attempts.some((a) => a.finishedAt === null);
    const verdicts = await Promise.all(this.#gates.map((gate) => gate(member, sessionId)));
    const studied = verdicts.includes('study_completed');
    let reason: MakeupStatus['reason'] = null;
    if (session.status !== 'ended') reason = 'not_ended';
    else if (!settings.makeupEnabled) reason = 'disabled';
    else if (attended && !allowed && !studied) reason = 'attended';
    else if (questions.length === 0) reason = 'no_questions';
    else if (attempts.length >= settings.makeupMaxAttempts && !unfinished) reason = 'no_attempts_left';
    else if (verdicts.includes('study_incomplete')) reason = 'study_incomplete';
    return {
      sessionId,
      sessionTitle: session.title,
      eligible: reason === null,
      reason,
      maxAttempts: settings.makeupMaxAttempts,
      attempts,
    };
  }

  /**
   * The member's make-up list: the latest ended sessions with a question bank (only its own session
   * for a session-bound token) whose make-up quiz the member may take, or has taken.
   */
  async available(member: Identity): Promise<MakeupStatus[]> {
    if (member.role !== 'member') throw quizErrors.makeupForMembers();
    const banked = await this.#db.selectFrom('quiz_questions').select('session_id').distinct().execute();
    const ids = await sessionQueries.latestEnded(
      this.#db,
      banked.map((r) => r.session_id),
      { ...(member.sessionId !== undefined && { only: member.sessionId }), limit: LIST_LIMIT },
    );
    const statuses = await Promise.all(ids.map((id) => this.status(member, id)));
    return statuses.filter((s) => s.eligible || s.attempts.length > 0);
  }

  /** Resumes the unfinished attempt, or starts the next one when the member may. */
  async start(member: Identity, sessionId: string): Promise<MakeupAttempt> {
    const status = await this.status(member, sessionId);
    const open = status.attempts.find((a) => a.finishedAt === null);
    if (!status.eligible) throw quizErrors.makeupUnavailable(status.reason);
    if (open) return this.attempt(member, open.id);
    const questions = await this.#bank.list(sessionId);
    const id = randomUUID();
    const inserted = await this.#db
      .insertInto('quiz_makeup_attempts')
      .values({
        id,
        session_id: sessionId,
        member_id: member.subject,
        number: status.attempts.length + 1,
        questions_json: JSON.stringify(questions),
        started_at: new Date().toISOString(),
        finished_at: null,
      })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) !== 1) throw quizErrors.attemptRaced();
    return this.attempt(member, id);
  }

  async attempt(member: Identity, attemptId: string): Promise<MakeupAttempt> {
    const { row, questions } = await this.#ownAttempt(member, attemptId);
    const answers = await this.#db
      .selectFrom('quiz_makeup_answers')
      .selectAll()
      .where('attempt_id', '=', attemptId)
      .execute();
    const byId = new Map(questions.map((q) => [q.id, q]));
    const revealed = await this.#mayReveal(row);
    return {
      id: row.id,
      number: row.number,
      questions: questions.map(publicOf),
      results: answers.flatMap((a) => {
        const q = byId.get(a.question_id);
        return q ? [resultOf(q, a.answer_json, a.correct, a.points, revealed)] : [];
      }),
      finishedAt: row.finished_at,
    };
  }

  /** Stores the first answer to a question of the attempt; a resend gets the stored result. */
  async answer(member: Identity, attemptId: string, questionId: string, answer: Answer): Promise<AnswerResult> {
    const { row, questions } = await this.#ownAttempt(member, attemptId);
    const question = questions.find((q) => q.id === questionId);
    if (!question) throw quizErrors.attemptQuestionNotFound();
    const read = () =>
      this.#db
        .selectFrom('quiz_makeup_answers')
        .selectAll()
        .where('attempt_id', '=', attemptId)
        .where('question_id', '=', questionId)
        .executeTakeFirst();
    const existing = await read();
    if (existing)
      return resultOf(question, existing.answer_json, existing.correct, existing.points, await this.#mayReveal(row));
    if (row.finished_at !== null) throw quizErrors.attemptFinished();
    const canonical = canonicalAnswer(question, answer);
    const correct = isCorrect(question, canonical);
    await this.#db
      .insertInto('quiz_makeup_answers')
      .values({
        attempt_id: attemptId,
        question_id: questionId,
        answer_json: JSON.stringify(canonical),
        correct: correct ? 1 : 0,
        points: correct ? BASE_POINTS : 0,
        answered_at: new Date().toISOString(),
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
    const stored = await read();
    if (!stored) throw quizErrors.makeupAnswerNotStored();
    // Answering happens before the attempt is finished: never revealed yet.
    return resultOf(question, stored.answer_json, stored.correct, stored.points, false);
  }

  /** Answers are revealed once this attempt is finished and it was the member's last allowed one. */
  async #mayReveal(row: { session_id: string; member_id: string; finished_at: string | null }): Promise<boolean> {
    if (row.finished_at === null) return false;
    const [settings, used] = await Promise.all([
      readSettings(this.#db, row.session_id),
      this.#db
        .selectFrom('quiz_makeup_attempts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('session_id', '=', row.session_id)
        .where('member_id', '=', row.member_id)
        .executeTakeFirstOrThrow(),
    ]);
    return Number(used.n) >= settings.makeupMaxAttempts;
  }

  async finish(member: Identity, attemptId: string): Promise<MakeupResult> {
    await this.#ownAttempt(member, attemptId);
    await this.#db
      .updateTable('quiz_makeup_attempts')
      .set({ finished_at: new Date().toISOString() })
      .where('id', '=', attemptId)
      .where('finished_at', 'is', null)
      .execute();
    const [result] = await this.#results({ attemptId });
    if (!result) throw quizErrors.attemptNotFound();
    return result;
  }

  /** Host/admin: every make-up attempt of the session. */
  async results(actor: Identity, sessionId: string): Promise<MakeupResult[]> {
    await this.#bank.assertManager(actor, sessionId);
    return this.#results({ sessionId });
  }

  async allow(actor: Identity, sessionId: string, memberIds: readonly string[]): Promise<{ allowed: number }> {
    await this.#bank.assertManager(actor, sessionId);
    const unique = [...new Set(memberIds)];
    const known = await orgQueries.memberNames(this.#db, unique);
    if (known.size !== unique.length) throw quizErrors.unknownMembers();
    const at = new Date().toISOString();
    await this.#db
      .insertInto('quiz_makeup_allowances')
      .values(
        unique.map((memberId) => ({
          session_id: sessionId,
          member_id: memberId,
          allowed_by: actor.subject,
          allowed_at: at,
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
    return { allowed: unique.length };
  }

  #assertMember(member: Identity, sessionId: string): void {
    if (member.role !== 'member') throw quizErrors.makeupForMembers();
    if (member.sessionId !== undefined && member.sessionId !== sessionId) throw quizErrors.tokenForOtherSession();
  }

  async #attempts(sessionId: string, memberId: string): Promise<MakeupStatus['attempts']> {
    const rows = await this.#results({ sessionId, memberId });
    return rows.map((r) => ({
      id: r.attemptId,
      number: r.number,
      startedAt: r.startedAt,
      finishedAt: r.finishedAt,
      correct: r.correct,
      score: r.score,
    }));
  }

  async #ownAttempt(member: Identity, attemptId: string) {
    const row = await this.#db
      .selectFrom('quiz_makeup_attempts')
      .selectAll()
      .where('id', '=', attemptId)
      .executeTakeFirst();
    if (!row) throw quizErrors.attemptNotFound();
    this.#assertMember(member, row.session_id);
    if (row.member_id !== member.subject) throw quizErrors.attemptOfOtherMember();
    return { row, questions: JSON.parse(row.questions_json) as Question[] };
  }

  async #results(filter: { sessionId?: string; memberId?: string; attemptId?: string }) {
    let q = this.#resultQuery();
    if (filter.sessionId) q = q.where('a.session_id', '=', filter.sessionId);
    if (filter.memberId) q = q.where('a.member_id', '=', filter.memberId);
    if (filter.attemptId) q = q.where('a.id', '=', filter.attemptId);
    const rows = await q.orderBy('a.started_at').execute();
    return rows.map((r) => ({
      attemptId: r.id,
      memberId: r.member_id,
      memberName: r.full_name,
      number: r.number,
      correct: Number(r.correct ?? 0),
      total: (JSON.parse(r.questions_json) as unknown[]).length,
      score: Number(r.correct ?? 0) * BASE_POINTS,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
    }));
  }

  #resultQuery() {
    return this.#db
      .selectFrom('quiz_makeup_attempts as a')
      .innerJoin('member_places as m', 'm.member_id', 'a.member_id')
      .select((eb) => [
        'a.id',
        'a.member_id',
        'm.full_name',
        'a.number',
        'a.questions_json',
        'a.started_at',
        'a.finished_at',
        eb
          .selectFrom('quiz_makeup_answers as x')
          .select(sql<number>`sum(x.correct)`.as('c'))
          .whereRef('x.attempt_id', '=', 'a.id')
          .as('correct'),
      ]);
  }
}
