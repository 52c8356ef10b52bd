import { sql, type Kysely } from 'kysely';

/**
 * A short numeric code per session, typed by an operator or a member instead of the 36-character id.
 * Existing sessions get one here; new ones get one when created (sessions/sessionCodes.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sessions').addColumn('code', 'text').execute();
  const rows = await sql<{ id: string }>`select id from sessions`.execute(db);
  const used = new Set<string>();
  for (const row of rows.rows) {
    let code: string;
    do code = String(100_000 + Math.floor(Math.random() * 900_000));
    while (used.has(code));
    used.add(code);
    await sql`update sessions set code = ${code} where id = ${row.id}`.execute(db);
  }
  await db.schema.createIndex('sessions_code_idx').unique().on('sessions').column('code').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('sessions_code_idx').execute();
  await db.schema.alterTable('sessions').dropColumn('code').execute();
}
