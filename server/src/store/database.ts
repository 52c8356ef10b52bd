import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, sql, type Transaction } from 'kysely';
import { sqliteDialect } from './sqliteDialect.js';
import pg from 'pg';
import type { StoreConfig } from '../config/config.js';
import type { Logger } from '../logging/logger.js';
import { PostgresCompatPlugin, dialectOf } from './dialect.js';
import { migrationProvider } from './migrations/index.js';
import type { DatabaseSchema } from './schema.js';
import { foldText } from './textFold.js';

export type Database = Kysely<DatabaseSchema>;

/**
 * Opens the SQL store: SQLite (embedded, WAL) by default, PostgreSQL when several nodes share one
 * (`DATABASE_URL=postgres://…`). The schema and queries go through Kysely only; where the two differ,
 * store/dialect.ts says how. A string is a SQLite file (or `:memory:`).
 */
export function openDatabase(store: StoreConfig | string, log?: Logger): Database {
  const target: StoreConfig = typeof store === 'string' ? { kind: 'sqlite', file: store } : store;
  return target.kind === 'postgres' ? openPostgres(target.url, log) : openSqlite(target.file);
}

function openSqlite(file: string): Database {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Sqlite(file);
  sqlite.pragma('journal_mode = WAL');
  // FULL: a commit is on disk before we acknowledge it to a client (attendance, answers).
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  // 0: a statement finding another process's write lock fails at once and waits on a timer instead,
  // so the event loop runs meanwhile (sqliteDialect.ts, LockWaitingConnection; 5 s in all).
  sqlite.pragma('busy_timeout = 0');
  // fold(text): diacritic- and case-insensitive search ("nguyen" finds "Nguyễn"). SQLite's LIKE folds
  // ASCII only. PostgreSQL gets the same function from migration 0001 (store/dialect.ts).
  sqlite.function('fold', { deterministic: true }, (value: unknown) =>
    typeof value === 'string' ? foldText(value) : value,
  );
  return new Kysely<DatabaseSchema>({ dialect: sqliteDialect(sqlite) });
}

const PG_BOOL = 16;
const PG_INT8 = 20;
const PG_NUMERIC = 1700;

/** A bigint or numeric as a number while it is exact (counts, sums, epoch milliseconds), else its text. */
function toNumber(text: string): number | string {
  const value = Number(text);
  return Number.isSafeInteger(value) || (!Number.isInteger(value) && Number.isFinite(value)) ? value : text;
}

/**
 * Results read as SQLite's do: 64-bit integers (count(), sums, integer columns) and numerics are
 * numbers, not strings, and a boolean expression is 1 or 0 (booleans are integers in this schema).
 */
const sqliteLikeTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (format !== 'binary') {
      if (oid === PG_INT8 || oid === PG_NUMERIC) return toNumber;
      if (oid === PG_BOOL) return (text: string) => (text === 't' ? 1 : 0);
    }
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

function openPostgres(url: string, log?: Logger): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    application_name: 'diem-cau',
    // As SQLite's lock wait: a store that cannot answer within 5 s is an outage (UNAVAILABLE), not a wait.
    connectionTimeoutMillis: 5000,
    lock_timeout: 5000,
    types: sqliteLikeTypes,
  });
  // An idle connection the server closed (restart, failover): the pool drops it; the next query reconnects.
  // Only the code and text: the error carries the client, with its connection parameters.
  pool.on('error', (error: Error & { code?: string }) =>
    log?.warn({ code: error.code, reason: error.message }, 'idle PostgreSQL connection lost'),
  );
  return new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }), plugins: [new PostgresCompatPlugin()] });
}

export async function migrateToLatest(db: Database, log: Logger): Promise<void> {
  if (dialectOf(db) === 'postgres') await warnOnCollation(db, log);
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  for (const r of results ?? []) {
    if (r.status === 'Success') log.info({ migration: r.migrationName }, 'migration applied');
    else if (r.status === 'Error') log.error({ migration: r.migrationName }, 'migration failed');
  }
  if (error) throw error;
}

/** SQLite compares text byte by byte; a PostgreSQL database with another collation sorts names differently. */
async function warnOnCollation(db: Database, log: Logger): Promise<void> {
  const { rows } = await sql<{ collation: string }>`
    select datcollate as collation from pg_database where datname = current_database()`.execute(db);
  const collation = rows[0]?.collation ?? '';
  if (!/^(C|POSIX|C\.UTF-?8)$/i.test(collation))
    log.warn({ collation }, 'PostgreSQL database collation is not C: lists sort differently than on SQLite');
}

/** Cheap liveness check for /healthz. */
export async function pingDatabase(db: Database): Promise<void> {
  await sql`select 1`.execute(db);
}

/** The store or an open transaction on it: owners' query functions accept either. */
export type Executor = Database | Transaction<DatabaseSchema>;
