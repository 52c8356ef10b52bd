import { sql, type Kysely } from 'kysely';

/**
 * Quizzes: a question bank per session, live runs of its questions, members' and endpoints' team
 * answers (one per run and member / endpoint, enforced by UNIQUE), per-session quiz settings, and
 * the make-up quiz (attempts and their answers), kept apart from the live answers.
 * Lists (options, correct indexes, accepted answers) and answers are JSON text.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('quiz_questions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ('single', 'multiple', 'true_false', 'short')`))
    .addColumn('prompt', 'text', (c) => c.notNull())
    .addColumn('options', 'text', (c) => c.notNull())
    .addColumn('correct', 'text', (c) => c.notNull())
    .addColumn('accepted', 'text', (c) => c.notNull())
    .addColumn('time_limit_s', 'integer', (c) => c.notNull().check(sql`time_limit_s > 0`))
    .addColumn('explanation', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('quiz_questions_session_idx')
    .on('quiz_questions')
    .columns(['session_id', 'position'])
    .execute();

  // A run is one launch of a question. The question is copied in (question_json) so editing the
  // bank later never changes how a past run is scored. Times are epoch milliseconds.
  await db.schema
    .createTable('quiz_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('question_id', 'text', (c) => c.notNull())
    .addColumn('question_json', 'text', (c) => c.notNull())
    .addColumn('launched_by', 'text', (c) => c.notNull())
    .addColumn('started_ms', 'integer', (c) => c.notNull())
    .addColumn('deadline_ms', 'integer', (c) => c.notNull())
    .addColumn('closed_ms', 'integer')
    .addColumn('revealed_ms', 'integer')
    .execute();
  await db.schema.createIndex('quiz_runs_session_idx').on('quiz_runs').columns(['session_id', 'started_ms']).execute();

  await db.schema
    .createTable('quiz_answers')
    .addColumn('run_id', 'text', (c) => c.notNull().references('quiz_runs.id').onDelete('cascade'))
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('endpoint_id', 'text', (c) => c.notNull())
    .addColumn('answer_json', 'text', (c) => c.notNull())
    // Canonical key for the distribution: "0,2" for choices, the normalised text for short answers.
    .addColumn('answer_key', 'text', (c) => c.notNull())
    .addColumn('correct', 'integer', (c) => c.notNull())
    .addColumn('speed_permille', 'integer', (c) => c.notNull())
    .addColumn('points', 'integer', (c) => c.notNull())
    .addColumn('elapsed_ms', 'integer', (c) => c.notNull())
    .addColumn('answered_ms', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('quiz_answers_pk', ['run_id', 'member_id'])
    .execute();
  await db.schema
    .createIndex('quiz_answers_session_member_idx')
    .on('quiz_answers')
    .columns(['session_id', 'member_id'])
    .execute();

  await db.schema
    .createTable('quiz_team_answers')
    .addColumn('run_id', 'text', (c) => c.notNull().references('quiz_runs.id').onDelete('cascade'))
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('endpoint_id', 'text', (c) => c.notNull().references('endpoints.id').onDelete('cascade'))
    .addColumn('answer_json', 'text', (c) => c.notNull())
    .addColumn('answer_key', 'text', (c) => c.notNull())
    .addColumn('correct', 'integer', (c) => c.notNull())
    .addColumn('speed_permille', 'integer', (c) => c.notNull())
    .addColumn('points', 'integer', (c) => c.notNull())
    .addColumn('elapsed_ms', 'integer', (c) => c.notNull())
    .addColumn('answered_ms', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('quiz_team_answers_pk', ['run_id', 'endpoint_id'])
    .execute();
  await db.schema
    .createIndex('quiz_team_answers_session_idx')
    .on('quiz_team_answers')
    .columns(['session_id', 'endpoint_id'])
    .execute();

  await db.schema
    .createTable('quiz_settings')
    .addColumn('session_id', 'text', (c) => c.primaryKey().references('sessions.id').onDelete('cascade'))
    .addColumn('show_leaderboard', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('makeup_enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('makeup_max_attempts', 'integer', (c) => c.notNull().defaultTo(2))
    .execute();

  await db.schema
    .createTable('quiz_makeup_allowances')
    .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('allowed_by', 'text', (c) => c.notNull())
    .addColumn('allowed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('quiz_makeup_allowances_pk', ['session_id', 'member_id'])
    .execute();

  await db.schema
    .createTable('quiz_makeup_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    // The questions as they were when the attempt began (JSON array), so answers score against them.
    .addColumn('questions_json', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addUniqueConstraint('quiz_makeup_attempts_number_uq', ['session_id', 'member_id', 'number'])
    .execute();

  await db.schema
    .createTable('quiz_makeup_answers')
    .addColumn('attempt_id', 'text', (c) => c.notNull().references('quiz_makeup_attempts.id').onDelete('cascade'))
    .addColumn('question_id', 'text', (c) => c.notNull())
    .addColumn('answer_json', 'text', (c) => c.notNull())
    .addColumn('correct', 'integer', (c) => c.notNull())
    .addColumn('points', 'integer', (c) => c.notNull())
    .addColumn('answered_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('quiz_makeup_answers_pk', ['attempt_id', 'question_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'quiz_makeup_answers',
    'quiz_makeup_attempts',
    'quiz_makeup_allowances',
    'quiz_settings',
    'quiz_team_answers',
    'quiz_answers',
    'quiz_runs',
    'quiz_questions',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
