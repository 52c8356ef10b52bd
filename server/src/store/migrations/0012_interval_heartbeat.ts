import type { Kysely } from 'kysely';

/**
 * A heartbeat on each open endpoint interval: the node that holds the connection stamps
 * `last_seen_at` periodically, so an interval left open by a crashed node is closed at the last
 * moment the endpoint was known to be connected (reason `server_restart`), not at restart time.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('attendance_intervals').addColumn('last_seen_at', 'text').execute();
  await db.schema
    .createIndex('attendance_intervals_open_idx')
    .on('attendance_intervals')
    .columns(['ended_at', 'last_seen_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('attendance_intervals_open_idx').execute();
  await db.schema.alterTable('attendance_intervals').dropColumn('last_seen_at').execute();
}
