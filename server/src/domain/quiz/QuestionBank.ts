import { randomUUID } from 'node:crypto';
import type { Selectable, Transaction } from 'kysely';
import type { Identity, Question, QuestionData } from '@diem-cau/shared';
import type { Database } from '../../store/database.js';
import type { DatabaseSchema, QuizQuestionTable } from '../../store/schema.js';
import { changedFields, type AuditActor, type AuditLog } from '../audit/index.js';
import type { SessionService } from '../sessions/index.js';
import { quizErrors } from './errors.js';
import { questionsToCsv, questionsToXlsx, readRows, rowsToQuestions, type ImportLimits } from './spreadsheet.js';
import type { SpreadsheetFile } from './upload.js';

type Db = Database | Transaction<DatabaseSchema>;

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** What the audit log keeps of a question: what a member is asked and what counts as right. */
const audited = (q: Question): Record<string, unknown> => ({
  sessionId: q.sessionId,
  type: q.type,
  prompt: q.prompt,
  options: q.options,
  correct: q.correct,
  accepted: q.accepted,
  timeLimitS: q.timeLimitS,
});

export function toQuestion(row: Selectable<QuizQuestionTable>): Question {
  return {
    id: row.id,
    sessionId: row.session_id,
    position: row.position,
    type: row.type,
    prompt: row.prompt,
    options: JSON.parse(row.options) as string[],
    correct: JSON.parse(row.correct) as number[],
    accepted: JSON.parse(row.accepted) as string[],
    timeLimitS: row.time_limit_s,
    explanation: row.explanation,
    updatedAt: row.updated_at,
  };
}

/** A question's stored columns (also used by the demo seed). */
export function toColumns(q: QuestionData) {
  return {
    type: q.type,
    prompt: q.prompt,
    options: JSON.stringify(q.options),
    correct: JSON.stringify(q.correct),
    accepted: JSON.stringify(q.accepted),
    time_limit_s: q.timeLimitS,
    explanation: q.explanation,
  };
}

/** A session's question bank. Only the session's host or an admin may read or change it. */
export class QuestionBank {
  readonly #db: Database;
  readonly #sessions: SessionService;
  readonly #audit: AuditLog;

  constructor(db: Database, sessions: SessionService, audit: AuditLog) {
    this.#db = db;
    this.#sessions = sessions;
    this.#audit = audit;
  }

  /** Appends an edit of `sessionId`'s bank to the audit log, inside the edit's transaction. */
  #record(
    trx: Transaction<DatabaseSchema>,
    by: AuditActor,
    action: 'create' | 'update' | 'delete' | 'reorder' | 'import',
    target: string | null,
    change: { before?: Record<string, unknown> | null; after?: Record<string, unknown> | null },
  ): Promise<void> {
    return this.#audit.record(
      { actor: by, action: `quiz.question.${action}`, target: { type: 'question', id: target }, ...change },
      trx,
    );
  }

  async assertManager(actor: Identity, sessionId: string): Promise<void> {
    const session = await this.#sessions.requireSession(sessionId);
    if (!this.#sessions.canManage(actor, session)) throw quizErrors.notManager();
  }

  async list(sessionId: string, db: Db = this.#db): Promise<Question[]> {
    const rows = await db
      .selectFrom('quiz_questions')
      .selectAll()
      .where('session_id', '=', sessionId)
      .orderBy('position')
      .orderBy('created_at')
      .execute();
    return rows.map(toQuestion);
  }

  async get(sessionId: string, questionId: string, db: Db = this.#db): Promise<Question> {
    const row = await db
      .selectFrom('quiz_questions')
      .selectAll()
      .where('id', '=', questionId)
      .where('session_id', '=', sessionId)
      .executeTakeFirst();
    if (!row) throw quizErrors.questionNotFound();
    return toQuestion(row);
  }

  async create(by: AuditActor, sessionId: string, input: QuestionData): Promise<Question> {
    await this.assertManager(by.identity, sessionId);
    return this.#db.transaction().execute(async (trx) => {
      const [created] = await this.insertMany(trx, sessionId, [input]);
      await this.#record(trx, by, 'create', created!.id, { after: audited(created!) });
      return created!;
    });
  }

  /** Appends questions after the bank's last position (inside the caller's transaction). */
  async insertMany(
    trx: Transaction<DatabaseSchema>,
    sessionId: string,
    inputs: readonly QuestionData[],
  ): Promise<Question[]> {
    const last = await trx
      .selectFrom('quiz_questions')
      .select((eb) => eb.fn.max('position').as('max'))
      .where('session_id', '=', sessionId)
      .executeTakeFirst();
    let position = Number(last?.max ?? 0);
    const now = new Date().toISOString();
    const ids: string[] = [];
    for (const input of inputs) {
      const id = randomUUID();
      ids.push(id);
      position += 1;
      await trx
        .insertInto('quiz_questions')
        .values({ id, session_id: sessionId, position, created_at: now, updated_at: now, ...toColumns(input) })
        .execute();
    }
    if (ids.length === 0) return [];
    const rows = await trx
      .selectFrom('quiz_questions')
      .selectAll()
      .where('id', 'in', ids)
      .orderBy('position')
      .execute();
    return rows.map(toQuestion);
  }

  async update(by: AuditActor, sessionId: string, questionId: string, input: QuestionData): Promise<Question> {
    await this.assertManager(by.identity, sessionId);
    return this.#db.transaction().execute(async (trx) => {
      const before = await this.get(sessionId, questionId, trx);
      await trx
        .updateTable('quiz_questions')
        .set({ ...toColumns(input), updated_at: new Date().toISOString() })
        .where('id', '=', questionId)
        .where('session_id', '=', sessionId)
        .execute();
      const after = await this.get(sessionId, questionId, trx);
      await this.#record(trx, by, 'update', questionId, changedFields(audited(before), audited(after)));
      return after;
    });
  }

  async remove(by: AuditActor, sessionId: string, questionId: string): Promise<void> {
    await this.assertManager(by.identity, sessionId);
    await this.#db.transaction().execute(async (trx) => {
      const before = await this.get(sessionId, questionId, trx);
      await trx.deleteFrom('quiz_questions').where('id', '=', questionId).where('session_id', '=', sessionId).execute();
      await this.#record(trx, by, 'delete', questionId, { before: audited(before) });
    });
  }

  /** Sets the bank's order: `ids` must name every question of the session exactly once. */
  async reorder(by: AuditActor, sessionId: string, ids: readonly string[]): Promise<Question[]> {
    await this.assertManager(by.identity, sessionId);
    return this.#db.transaction().execute(async (trx) => {
      const current = await this.list(sessionId, trx);
      const known = new Set(current.map((q) => q.id));
      if (new Set(ids).size !== ids.length || ids.length !== known.size || ids.some((id) => !known.has(id)))
        throw quizErrors.badOrder();
      for (const [index, id] of ids.entries())
        await trx
          .updateTable('quiz_questions')
          .set({ position: index + 1 })
          .where('id', '=', id)
          .execute();
      await this.#record(trx, by, 'reorder', null, {
        before: { sessionId, order: current.map((q) => q.id) },
        after: { sessionId, order: ids },
      });
      return this.list(sessionId, trx);
    });
  }

  /**
   * Imports an uploaded spreadsheet's questions (see spreadsheet.ts), all or nothing: BAD_REQUEST with
   * every bad row otherwise. Answers how many were imported, and the bank as it is then.
   */
  async importSpreadsheet(
    by: AuditActor,
    sessionId: string,
    file: SpreadsheetFile,
    mode: 'append' | 'replace',
    limits: ImportLimits,
  ): Promise<{ imported: number; questions: Question[] }> {
    const questions = rowsToQuestions(await readRows(file, limits), limits.maxQuestions);
    const stored = await this.importMany(by, sessionId, questions, mode);
    return { imported: stored.length, questions: await this.list(sessionId) };
  }

  /** The bank as a spreadsheet file to download. */
  async exportSpreadsheet(
    actor: Identity,
    sessionId: string,
    format: 'xlsx' | 'csv',
  ): Promise<{ filename: string; contentType: string; body: Buffer }> {
    await this.assertManager(actor, sessionId);
    const questions = await this.list(sessionId);
    const filename = `cau-hoi-${sessionId.slice(0, 8)}.${format}`;
    return format === 'csv'
      ? { filename, contentType: 'text/csv; charset=utf-8', body: questionsToCsv(questions) }
      : { filename, contentType: XLSX_TYPE, body: await questionsToXlsx(questions) };
  }

  /** Replaces or extends the bank with imported questions, all or nothing. */
  async importMany(
    by: AuditActor,
    sessionId: string,
    inputs: readonly QuestionData[],
    mode: 'append' | 'replace',
  ): Promise<Question[]> {
    await this.assertManager(by.identity, sessionId);
    return this.#db.transaction().execute(async (trx) => {
      const before = await this.list(sessionId, trx);
      if (mode === 'replace') await trx.deleteFrom('quiz_questions').where('session_id', '=', sessionId).execute();
      const stored = await this.insertMany(trx, sessionId, inputs);
      await this.#record(trx, by, 'import', null, {
        before: { sessionId, questions: before.length },
        after: {
          sessionId,
          mode,
          imported: stored.length,
          questions: mode === 'replace' ? stored.length : before.length + stored.length,
        },
      });
      return stored;
    });
  }
}
