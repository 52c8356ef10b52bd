import { sql, type Kysely } from 'kysely';

/**
 * Attendance as evidence: endpoint connection intervals, head-count reports and member check-ins.
 * Rows are only appended or closed (ended_at / checked_out_at set), never rewritten, so the record
 * of a session can be trusted afterwards.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('attendance_intervals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('endpoint_id', 'text', (c) => c.notNull().references('endpoints.id').onDelete('cascade'))
    .addColumn('started_at', 'text', (c) => c.notNull())
    // Null while the endpoint is connected.
    .addColumn('ended_at', 'text')
    .addColumn('close_reason', 'text', (c) =>
      c.check(sql`close_reason in ('left', 'disconnected', 'session_ended', 'server_restart')`),
    )
    .execute();
  await db.schema
    .createIndex('attendance_intervals_session_endpoint_idx')
    .on('attendance_intervals')
    .columns(['session_id', 'endpoint_id'])
    .execute();

  await db.schema
    .createTable('headcount_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('endpoint_id', 'text', (c) => c.notNull().references('endpoints.id').onDelete('cascade'))
    .addColumn('head_count', 'integer', (c) => c.notNull().check(sql`head_count >= 0`))
    .addColumn('reported_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('headcount_reports_session_endpoint_idx')
    .on('headcount_reports')
    .columns(['session_id', 'endpoint_id'])
    .execute();

  await db.schema
    .createTable('checkins')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('endpoint_id', 'text', (c) => c.notNull().references('endpoints.id').onDelete('cascade'))
    .addColumn('checked_in_at', 'text', (c) => c.notNull())
    // Null while the member is present; set on leaving, moving to another endpoint or session end.
    .addColumn('checked_out_at', 'text')
    .addColumn('checkout_reason', 'text', (c) =>
      c.check(sql`checkout_reason in ('left', 'moved', 'session_ended', 'server_restart')`),
    )
    .execute();
  await db.schema
    .createIndex('checkins_session_member_idx')
    .on('checkins')
    .columns(['session_id', 'member_id'])
    .execute();
  // At most one open check-in per member and session: checking in twice is harmless, never double.
  await sql`create unique index checkins_one_open_idx on checkins (session_id, member_id) where checked_out_at is null`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('checkins').execute();
  await db.schema.dropTable('headcount_reports').execute();
  await db.schema.dropTable('attendance_intervals').execute();
}
