import { sql, type Kysely } from 'kysely';

/** Conference sessions and the endpoints invited to each. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('resolution', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'scheduled', 'live', 'ended')`))
    .addColumn('scheduled_start', 'text')
    .addColumn('scheduled_end', 'text')
    .addColumn('started_at', 'text')
    .addColumn('ended_at', 'text')
    .addColumn('host_account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('attendance_threshold', 'real', (c) => c.notNull().defaultTo(0.8))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_status_idx').on('sessions').column('status').execute();

  await db.schema
    .createTable('session_invites')
    .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('endpoint_id', 'text', (c) => c.notNull().references('endpoints.id').onDelete('cascade'))
    .addColumn('invited_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('session_invites_pk', ['session_id', 'endpoint_id'])
    .execute();
  await db.schema.createIndex('session_invites_endpoint_idx').on('session_invites').column('endpoint_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('session_invites').execute();
  await db.schema.dropTable('sessions').execute();
}
