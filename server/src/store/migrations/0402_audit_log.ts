import type { Kysely } from 'kysely';
import { createAppendOnlyTriggers, dropAppendOnlyTriggers } from '../dialect.js';

/**
 * The audit log: one row per action that changed evidence or access (who, when, from where, what,
 * before and after). Append-only, held by the store itself: triggers abort any UPDATE or DELETE
 * (store/dialect.ts writes them for SQLite and for PostgreSQL).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('at', 'text', (c) => c.notNull())
    // Null for the system (a job nobody requested).
    .addColumn('actor_subject', 'text')
    .addColumn('actor_role', 'text')
    .addColumn('actor_name', 'text')
    .addColumn('address', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text')
    .addColumn('before_json', 'text')
    .addColumn('after_json', 'text')
    .execute();
  await db.schema.createIndex('audit_log_at_idx').on('audit_log').column('at').execute();
  await db.schema.createIndex('audit_log_actor_idx').on('audit_log').columns(['actor_subject', 'at']).execute();
  await db.schema.createIndex('audit_log_action_idx').on('audit_log').columns(['action', 'at']).execute();
  await db.schema.createIndex('audit_log_target_idx').on('audit_log').columns(['target_type', 'target_id']).execute();
  await createAppendOnlyTriggers(db, 'audit_log');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await dropAppendOnlyTriggers(db, 'audit_log');
  await db.schema.dropTable('audit_log').execute();
}
