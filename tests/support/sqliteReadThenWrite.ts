/**
 * One of two processes sharing a SQLite file (sqlite-shared-file.test.ts): from START_AT on, runs
 * COUNT transactions that read and then write, as a check-in does (look for the open one, then
 * insert), and prints how many committed and the errors.
 */
import { sql } from 'kysely';
import { openDatabase } from '@diem-cau/server/src/store/database.js';

const [file, who, count, startAt] = process.argv.slice(2) as [string, string, string, string];
const db = openDatabase(file);
await new Promise((go) => setTimeout(go, Math.max(0, Number(startAt) - Date.now())));
let committed = 0;
const errors: string[] = [];
for (let i = 0; i < Number(count); i++) {
  try {
    await db.transaction().execute(async (trx) => {
      const seen = await sql<{ n: number }>`select count(*) as n from shared_rows where who = ${who}`.execute(trx);
      // Let the other process write between this transaction's read and its write.
      await new Promise((go) => setImmediate(go));
      await sql`insert into shared_rows (who, seen) values (${who}, ${seen.rows[0]!.n})`.execute(trx);
    });
    committed++;
  } catch (error) {
    errors.push(String((error as { code?: string }).code ?? error));
  }
}
process.stdout.write(JSON.stringify({ committed, errors: errors.slice(0, 5), errorCount: errors.length }));
await db.destroy();
