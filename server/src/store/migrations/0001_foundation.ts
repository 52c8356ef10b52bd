import { sql, type Kysely } from 'kysely';
import { createFoldFunction, dialectOf } from '../dialect.js';

/**
 * Key/value facts about this installation (schema seeded, demo data present, …). On PostgreSQL also
 * the fold() search function, which SQLite registers on each connection (store/database.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) === 'postgres') await createFoldFunction(db);
  await db.schema
    .createTable('app_meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(sql`CURRENT_TIMESTAMP`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('app_meta').execute();
  if (dialectOf(db) === 'postgres') await sql`drop function fold(text)`.execute(db);
}
