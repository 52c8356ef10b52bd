import { setTimeout as delay } from 'node:timers/promises';
import type SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type SqliteDialectConfig,
  type SqliteStatement,
} from 'kysely';

/** Prepared statements kept per connection, by SQL text (the queries' shapes, not their values). */
const STATEMENT_CACHE_SIZE = 1000;

/** Kysely's SQLite dialect with prepared statements reused and transactions that begin IMMEDIATE. */
export function sqliteDialect(sqlite: SqliteDatabase.Database): SqliteDialect {
  return new ImmediateSqliteDialect({ database: withStatementCache(sqlite, STATEMENT_CACHE_SIZE) }, sqlite);
}

/**
 * Kysely prepares every query anew; preparing was 7 % of a node's CPU in the province bench's
 * arrival storm. Statements are reused by SQL text, least recently used dropped past `size`; one
 * still being iterated (a streamed query) is never handed out twice: a fresh one is prepared.
 */
function withStatementCache(sqlite: SqliteDatabase.Database, size: number): SqliteDialectConfig['database'] {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string): SqliteStatement {
      const cached = cache.get(text);
      if (cached && !cached.busy) {
        cache.delete(text); // re-inserted below: the most recently used is last
        cache.set(text, cached);
        return cached as unknown as SqliteStatement;
      }
      const statement = sqlite.prepare(text);
      if (!cached) {
        cache.set(text, statement);
        if (cache.size > size) cache.delete(cache.keys().next().value!);
      }
      return statement as unknown as SqliteStatement;
    },
  };
}

/**
 * Transactions begin IMMEDIATE (take the write lock first, waiting up to busy_timeout). With the
 * default deferred BEGIN, a transaction that reads and then writes (a check-in looks for the open one
 * first) fails at once with SQLITE_BUSY when another process wrote in between, because SQLite cannot
 * upgrade a stale read snapshot: two nodes sharing one file refused check-ins as UNAVAILABLE.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  readonly #settings: SqliteDialectConfig;
  readonly #sqlite: SqliteDatabase.Database;

  constructor(settings: SqliteDialectConfig, sqlite: SqliteDatabase.Database) {
    super(settings);
    this.#settings = settings;
    this.#sqlite = sqlite;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#settings, this.#sqlite);
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  readonly #sqlite: SqliteDatabase.Database;

  constructor(settings: SqliteDialectConfig, sqlite: SqliteDatabase.Database) {
    super(settings);
    this.#sqlite = sqlite;
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    return new LockWaitingConnection(await super.acquireConnection(), this.#sqlite);
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/** How long a statement waits for another process's write lock before the store counts as unavailable. */
const SQLITE_LOCK_WAIT_MS = 5000;

/**
 * Waits for another process's write lock without blocking the event loop. SQLite's own busy handler
 * (busy_timeout) sleeps inside the call: with two nodes on one file, each node froze, every socket
 * of it stalled, while the other wrote. busy_timeout is 0 instead (database.ts): a statement that finds the lock taken fails
 * at once with SQLITE_BUSY, and is tried again after a short timer, until SQLITE_LOCK_WAIT_MS.
 * Only a statement outside a transaction, or the BEGIN itself, is tried again: it had no effect.
 * Inside a transaction begun IMMEDIATE the lock is already held, so SQLITE_BUSY there is rethrown.
 */
class LockWaitingConnection implements DatabaseConnection {
  readonly #inner: DatabaseConnection;
  readonly #sqlite: SqliteDatabase.Database;

  constructor(inner: DatabaseConnection, sqlite: SqliteDatabase.Database) {
    this.#inner = inner;
    this.#sqlite = sqlite;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const retriable = !this.#sqlite.inTransaction;
    const deadline = Date.now() + SQLITE_LOCK_WAIT_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#inner.executeQuery<R>(query);
      } catch (error) {
        if (!retriable || !isBusy(error) || Date.now() >= deadline) throw error;
        await delay(backoffMs(attempt));
      }
    }
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.#inner.streamQuery<R>(query, chunkSize);
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/** 1, 2, 4 … up to 16 ms, with jitter so two waiting nodes do not retry in step. */
function backoffMs(attempt: number): number {
  const ceiling = Math.min(16, 2 ** attempt);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}
