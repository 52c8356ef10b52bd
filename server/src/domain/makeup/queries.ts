// What other domains read of make-up study without its services: reports count completions.
import type { Executor } from '../../store/database.js';

export interface MakeupCompletion {
  memberId: string;
  completedAt: string;
  via: 'individual' | 'hall';
}

/** Members who completed make-up study of a session, alone or in a hall make-up session. */
export async function sessionCompletions(db: Executor, sessionId: string): Promise<MakeupCompletion[]> {
  const rows = await db
    .selectFrom('makeup_study_progress')
    .select(['member_id', 'completed_at', 'completed_via'])
    .where('session_id', '=', sessionId)
    .where('completed_at', 'is not', null)
    .orderBy('member_id')
    .execute();
  return rows.map((r) => ({
    memberId: r.member_id,
    completedAt: r.completed_at!,
    via: r.completed_via ?? 'individual',
  }));
}

/** Changes whenever a completion is added (a report's data version includes it). */
export async function completionStamp(db: Executor, sessionId: string): Promise<{ n: number; last: string | null }> {
  const row = await db
    .selectFrom('makeup_study_progress')
    .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.max('completed_at').as('last')])
    .where('session_id', '=', sessionId)
    .where('completed_at', 'is not', null)
    .executeTakeFirst();
  return { n: Number(row?.n ?? 0), last: row?.last ?? null };
}

/** Sessions that are hall make-ups of another session: not conferences of their own in lists and range reports. */
export async function hallSessionIds(db: Executor): Promise<Set<string>> {
  const rows = await db.selectFrom('makeup_halls').select('session_id').execute();
  return new Set(rows.map((r) => r.session_id));
}
