import { randomInt } from 'node:crypto';
import type { Database } from '../../store/database.js';

/** Six digits: short enough to read off a slide and type on a phone, room for 900,000 sessions. */
export const SESSION_CODE_PATTERN = /^\d{6}$/;

/** A code no session holds yet (the unique index settles a race between nodes: the insert fails and is retried). */
export async function freeSessionCode(db: Database): Promise<string> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const code = String(randomInt(100_000, 1_000_000));
    const taken = await db.selectFrom('sessions').select('id').where('code', '=', code).executeTakeFirst();
    if (!taken) return code;
  }
  throw new Error('No free session code after 20 attempts');
}
