import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { sql } from 'kysely';
import { openDatabase, type Database } from '@diem-cau/server/src/store/database.js';

/**
 * The store the integration tests run on: SQLite in each app's data folder (the default), or with
 * TEST_STORE=postgres a fresh PostgreSQL database per test deployment on the private cluster whose
 * superuser URL is TEST_POSTGRES_URL (started by `npm run test:postgres`). A deployment is a data
 * folder: apps started on the same DATA_DIR (several nodes, a restart) share its database.
 */
export const testStoreKind: 'sqlite' | 'postgres' = process.env.TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';

const databases = new Map<string, { url: string; users: number }>();

function adminUrl(): string {
  const url = process.env.TEST_POSTGRES_URL;
  if (!url) throw new Error('TEST_STORE=postgres needs TEST_POSTGRES_URL (run: npm run test:postgres)');
  return url;
}

async function asAdmin(work: (admin: Database) => Promise<unknown>): Promise<void> {
  const admin = openDatabase({ kind: 'postgres', url: adminUrl() });
  try {
    await work(admin);
  } finally {
    await admin.destroy();
  }
}

/**
 * `env` with the DATABASE_URL of its deployment's store (none for SQLite: the data folder holds it).
 * The first app on a data folder creates its PostgreSQL database; `releaseTestStore` drops it.
 */
export async function withTestStore(env: Record<string, string>): Promise<Record<string, string>> {
  if (testStoreKind === 'sqlite' || env.DATABASE_URL || !env.DATA_DIR) return env;
  const key = path.resolve(env.DATA_DIR);
  let entry = databases.get(key);
  if (!entry) {
    const name = `test_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
    await asAdmin((admin) => sql`create database ${sql.id(name)}`.execute(admin));
    const url = new URL(adminUrl());
    url.pathname = `/${name}`;
    entry = { url: url.toString(), users: 0 };
    databases.set(key, entry);
  }
  entry.users += 1;
  return { ...env, DATABASE_URL: entry.url };
}

/** One app of the deployment on `dataDir` is done; the last one drops its PostgreSQL database. */
export async function releaseTestStore(dataDir: string): Promise<void> {
  const key = path.resolve(dataDir);
  const entry = databases.get(key);
  if (!entry || --entry.users > 0) return;
  databases.delete(key);
  const name = new URL(entry.url).pathname.slice(1);
  await asAdmin((admin) => sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin));
}

/** The store of the deployment on `dataDir`, opened from the test to inspect what was stored. */
export function openTestStore(dataDir: string): Database {
  const entry = databases.get(path.resolve(dataDir));
  if (testStoreKind === 'postgres') {
    if (!entry) throw new Error(`no test database for ${dataDir}`);
    return openDatabase({ kind: 'postgres', url: entry.url });
  }
  return openDatabase(path.join(dataDir, 'diem-cau.sqlite'));
}

/**
 * A trigger that makes the store refuse inserts into `table` whose row matches `when` (SQL over
 * `new`), as a full disk or a failing write would; `dropRefusal` removes it.
 */
export async function refuseInserts(db: Database, table: string, when: string): Promise<void> {
  const name = sql.raw(`refuse_${table}`);
  if (testStoreKind === 'sqlite') {
    await sql`create trigger ${name} before insert on ${sql.table(table)} when ${sql.raw(when)}
      begin select raise(abort, 'refused by the test'); end`.execute(db);
    return;
  }
  await sql`create function ${name}() returns trigger language plpgsql as $$
    begin raise exception 'refused by the test'; end $$`.execute(db);
  await sql`create trigger ${name} before insert on ${sql.table(table)} for each row when (${sql.raw(when)})
    execute function ${name}()`.execute(db);
}

export async function dropRefusal(db: Database, table: string): Promise<void> {
  const name = sql.raw(`refuse_${table}`);
  if (testStoreKind === 'sqlite') {
    await sql`drop trigger ${name}`.execute(db);
    return;
  }
  await sql`drop trigger ${name} on ${sql.table(table)}`.execute(db);
  await sql`drop function ${name}()`.execute(db);
}

/**
 * Takes the store's write lock from another connection, as a backup tool or a stuck process would:
 * SQLite's BEGIN EXCLUSIVE; on PostgreSQL every table locked EXCLUSIVE (plain reads still pass).
 * Resolves once the lock is held, with the function that releases it.
 */
export async function holdWriteLock(db: Database): Promise<() => Promise<void>> {
  if (testStoreKind === 'sqlite') {
    await sql`BEGIN EXCLUSIVE`.execute(db);
    return async () => {
      await sql`COMMIT`.execute(db);
    };
  }
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let held!: () => void;
  const locked = new Promise<void>((resolve) => (held = resolve));
  const done = db.connection().execute(async (conn) => {
    await sql`begin`.execute(conn);
    const { rows } = await sql<{ name: string }>`
      select tablename as name from pg_tables where schemaname = 'public' and tablename not like 'kysely%'`.execute(
      conn,
    );
    for (const { name } of rows) await sql`lock table ${sql.table(name)} in exclusive mode`.execute(conn);
    held();
    await released;
    await sql`commit`.execute(conn);
  });
  await Promise.race([locked, done]);
  return async () => {
    release();
    await done;
  };
}
