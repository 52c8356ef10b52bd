import { sql, type Kysely } from 'kysely';

/**
 * One question open at a time per session, held by the store itself: two launches at the same
 * moment (a double click, or two nodes) cannot both leave a run open, and an extension cannot reopen
 * a run while another is open. Runs left open side by side by older versions are closed first, all
 * but the newest, at their deadline.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    update quiz_runs set closed_ms = deadline_ms
    where closed_ms is null
      and exists (
        select 1 from quiz_runs newer
        where newer.session_id = quiz_runs.session_id and newer.closed_ms is null
          and (newer.started_ms > quiz_runs.started_ms
               or (newer.started_ms = quiz_runs.started_ms and newer.id > quiz_runs.id)))`.execute(db);
  await sql`create unique index quiz_runs_one_open_per_session on quiz_runs (session_id) where closed_ms is null`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index quiz_runs_one_open_per_session`.execute(db);
}
