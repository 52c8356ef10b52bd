import { sql, type Kysely } from 'kysely';

/**
 * The open check-ins of one endpoint, found without reading the whole session's: every screen asks
 * for its code and head count (`checkin:currentCode`) when the 30-s code changes, all at once. With
 * only the (session, member) index each of those counts read every check-in of the session — 312
 * screens × 26,000 rows on one SQLite file every 30 s in the province bench, the nodes' event loops
 * blocked for seconds and their Redis commands timed out. Also used by the sweep's
 * closeForLostEndpoint and reopenAfterRestart.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index checkins_open_endpoint_idx on checkins (session_id, endpoint_id) where checked_out_at is null`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index checkins_open_endpoint_idx`.execute(db);
}
