import { spawn } from 'node:child_process';
import Sqlite from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@diem-cau/server/src/store/database.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(process.env.DIEMCAU_TEST_TMP ?? os.tmpdir(), 'sqlite-shared-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(file: string, who: string, count: number, startAt: number) {
  return new Promise<{ committed: number; errors: string[]; errorCount: number }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'tests/support/sqliteReadThenWrite.ts', file, who, String(count), String(startAt)],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`writer ${who} exited ${code}`)),
    );
  });
}

// Two nodes (or a node and the job worker) may share one SQLite file. A transaction that reads and
// then writes must wait for the other's write lock, never fail at once with SQLITE_BUSY.
describe('two processes sharing the SQLite store', () => {
  it('commits every read-then-write transaction of both, none refused as busy', async () => {
    const file = path.join(dir, 'shared.sqlite');
    const db = openDatabase(file);
    await sql`create table shared_rows (id integer primary key, who text not null, seen integer not null)`.execute(db);
    const startAt = Date.now() + 1500;
    const [a, b] = await Promise.all([run(file, 'a', 150, startAt), run(file, 'b', 150, startAt)]);
    expect(a).toEqual({ committed: 150, errors: [], errorCount: 0 });
    expect(b).toEqual({ committed: 150, errors: [], errorCount: 0 });
    const rows = await sql<{ who: string; n: number; last: number }>`
      select who, count(*) as n, max(seen) as last from shared_rows group by who order by who`.execute(db);
    // Each transaction saw every earlier one of its process: nothing lost or doubled.
    expect(rows.rows).toEqual([
      { who: 'a', n: 150, last: 149 },
      { who: 'b', n: 150, last: 149 },
    ]);
    await db.destroy();
  }, 60_000);

  // SQLite's own busy handler sleeps inside the call: the whole node froze while the other wrote.
  it('waits for another process holding the write lock with its event loop running, then commits', async () => {
    const file = path.join(dir, 'waiting.sqlite');
    const db = openDatabase(file);
    await sql`create table waiting_rows (id integer primary key, note text not null)`.execute(db);
    const other = new Sqlite(file);
    other.exec('begin immediate');
    other.prepare("insert into waiting_rows (note) values ('other')").run();
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    const write = sql`insert into waiting_rows (note) values ('waiting')`.execute(db);
    const inTransaction = db
      .transaction()
      .execute((trx) => sql`insert into waiting_rows (note) values ('trx')`.execute(trx));
    await new Promise((resolve) => setTimeout(resolve, 400));
    const ticksWhileLocked = ticks;
    other.exec('commit');
    await Promise.all([write, inTransaction]);
    clearInterval(ticker);
    other.close();
    // 400 ms of 10 ms ticks: a blocked loop would have run none of them until the lock was gone.
    expect(ticksWhileLocked).toBeGreaterThan(10);
    const rows = await sql<{ note: string }>`select note from waiting_rows order by id`.execute(db);
    expect(rows.rows.map((r) => r.note)).toEqual(['other', 'waiting', 'trx']);
    await db.destroy();
  });
});
