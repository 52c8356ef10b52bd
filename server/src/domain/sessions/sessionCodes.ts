import { randomInt } from 'node:crypto';
import type { Executor } from '../../store/database.js';

/** Six digits: short enough to read off a slide and type on a phone, room for 900,000 sessions. */
export const SESSION_CODE_PATTERN = /^\d{6}$/;

/**
 * A code no session holds yet. Two nodes drawing the same code in the same instant (one chance in
 * about a million per pair of creations) are stopped by the unique index: the second insert fails.
 */
export async function freeSessionCode(db: Executor): Promise<string> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const code = String(randomInt(100_000, 1_000_000));
    const taken = await db.selectFrom('sessions').select('id').where('code', '=', code).executeTakeFirst();
    if (!taken) return code;
  }
  throw new Error('No free session code after 20 attempts');
}
