import type { Kysely } from 'kysely';

/**
 * The node that holds each open endpoint interval (its id in the cluster, see redis/nodeLease.ts):
 * the attendance sweep closes the intervals of a node whose lease ran out, and never those of a
 * node that is alive, however late its heartbeat. Null on rows from before.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('attendance_intervals').addColumn('node_id', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('attendance_intervals').dropColumn('node_id').execute();
}
