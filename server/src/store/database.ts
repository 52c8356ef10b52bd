import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql, type Transaction } from 'kysely';
import type { Logger } from '../logging/logger.js';
import { migrationProvider } from './migrations/index.js';
import type { DatabaseSchema } from './schema.js';
import { foldText } from './textFold.js';

export type Database = Kysely<DatabaseSchema>;

/**
 * Opens the SQL store. SQLite (embedded, WAL) is the default; the schema and queries go through
 * Kysely only, so a PostgreSQL dialect can serve the same `Database` when several nodes share one.
 */
export function openDatabase(file: string): Database {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Sqlite(file);
  sqlite.pragma('journal_mode = WAL');
  // FULL: a commit is on disk before we acknowledge it to a client (attendance, answers).
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // fold(text): diacritic- and case-insensitive search ("nguyen" finds "Nguyễn"). SQLite's LIKE folds
  // ASCII only. A PostgreSQL store provides the same function with unaccent(lower(text)).
  sqlite.function('fold', { deterministic: true }, (value: unknown) =>
    typeof value === 'string' ? foldText(value) : value,
  );
  return new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: sqlite }) });
}

export async function migrateToLatest(db: Database, log: Logger): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  for (const r of results ?? []) {
    if (r.status === 'Success') log.info({ migration: r.migrationName }, 'migration applied');
    else if (r.status === 'Error') log.error({ migration: r.migrationName }, 'migration failed');
  }
  if (error) throw error;
}

/** Cheap liveness check for /healthz. */
export async function pingDatabase(db: Database): Promise<void> {
  await sql`select 1`.execute(db);
}

/** The store or an open transaction on it: owners' query functions accept either. */
export type Executor = Database | Transaction<DatabaseSchema>;
