import type SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDialectConfig,
  type SqliteStatement,
} from 'kysely';

/** Prepared statements kept per connection, by SQL text (the queries' shapes, not their values). */
const STATEMENT_CACHE_SIZE = 1000;

/** Kysely's SQLite dialect with prepared statements reused and transactions that begin IMMEDIATE. */
export function sqliteDialect(sqlite: SqliteDatabase.Database): SqliteDialect {
  return new ImmediateSqliteDialect({ database: withStatementCache(sqlite, STATEMENT_CACHE_SIZE) });
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

  constructor(settings: SqliteDialectConfig) {
    super(settings);
    this.#settings = settings;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#settings);
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}
