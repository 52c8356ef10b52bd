import type { Kysely } from 'kysely';

/** Roll calls of endpoints (điểm danh điểm cầu): who was expected and who answered, as evidence. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('roll_calls')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('started_by', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('deadline', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('roll_calls_session').on('roll_calls').columns(['session_id', 'started_at']).execute();
  await db.schema
    .createTable('roll_call_expected')
    .addColumn('roll_call_id', 'text', (c) => c.notNull().references('roll_calls.id').onDelete('cascade'))
    .addColumn('endpoint_id', 'text', (c) => c.notNull())
    .addColumn('endpoint_name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('roll_call_expected_pk', ['roll_call_id', 'endpoint_id'])
    .execute();
  await db.schema
    .createTable('roll_call_answers')
    .addColumn('roll_call_id', 'text', (c) => c.notNull().references('roll_calls.id').onDelete('cascade'))
    .addColumn('endpoint_id', 'text', (c) => c.notNull())
    .addColumn('answered_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('roll_call_answers_pk', ['roll_call_id', 'endpoint_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('roll_call_answers').execute();
  await db.schema.dropTable('roll_call_expected').execute();
  await db.schema.dropTable('roll_calls').execute();
}
