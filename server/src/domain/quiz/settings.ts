import type { QuizSettings } from '@diem-cau/shared';
import type { Database } from '../../store/database.js';

const DEFAULTS: QuizSettings = { showLeaderboardOnEndpoints: false, makeupEnabled: true, makeupMaxAttempts: 2 };

/** A session's quiz settings (defaults until the host changes one). */
export async function readSettings(db: Database, sessionId: string): Promise<QuizSettings> {
  const row = await db.selectFrom('quiz_settings').selectAll().where('session_id', '=', sessionId).executeTakeFirst();
  if (!row) return { ...DEFAULTS };
  return {
    showLeaderboardOnEndpoints: row.show_leaderboard === 1,
    makeupEnabled: row.makeup_enabled === 1,
    makeupMaxAttempts: row.makeup_max_attempts,
  };
}

export async function writeSettings(
  db: Database,
  sessionId: string,
  change: Partial<QuizSettings>,
): Promise<QuizSettings> {
  const next = { ...(await readSettings(db, sessionId)), ...change };
  const values = {
    show_leaderboard: next.showLeaderboardOnEndpoints ? 1 : 0,
    makeup_enabled: next.makeupEnabled ? 1 : 0,
    makeup_max_attempts: next.makeupMaxAttempts,
  };
  await db
    .insertInto('quiz_settings')
    .values({ session_id: sessionId, ...values })
    .onConflict((oc) => oc.column('session_id').doUpdateSet(values))
    .execute();
  return next;
}
