import type { Executor } from '../../store/database.js';

// Reads of `checkins` that other domains need. Only the check-in domain writes the table.

export interface CheckinRow {
  memberId: string;
  endpointId: string;
  checkedInAt: string;
  checkedOutAt: string | null;
  checkoutReason: 'left' | 'moved' | 'session_ended' | 'server_restart' | null;
}

const CHECKIN_COLUMNS = ['member_id', 'endpoint_id', 'checked_in_at', 'checked_out_at', 'checkout_reason'] as const;

function checkinRowOf(r: {
  member_id: string;
  endpoint_id: string;
  checked_in_at: string;
  checked_out_at: string | null;
  checkout_reason: CheckinRow['checkoutReason'];
}): CheckinRow {
  return {
    memberId: r.member_id,
    endpointId: r.endpoint_id,
    checkedInAt: r.checked_in_at,
    checkedOutAt: r.checked_out_at,
    checkoutReason: r.checkout_reason,
  };
}

/** Every check-in of a session, oldest first. */
export async function sessionCheckins(db: Executor, sessionId: string): Promise<CheckinRow[]> {
  const rows = await db
    .selectFrom('checkins')
    .select(CHECKIN_COLUMNS)
    .where('session_id', '=', sessionId)
    .orderBy('checked_in_at')
    .execute();
  return rows.map(checkinRowOf);
}

/** Members checked in now, per endpoint. */
export async function openCheckinCounts(db: Executor, sessionId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('checkins')
    .select((eb) => ['endpoint_id', eb.fn.countAll<number>().as('n')])
    .where('session_id', '=', sessionId)
    .where('checked_out_at', 'is', null)
    .groupBy('endpoint_id')
    .execute();
  return new Map(rows.map((r) => [r.endpoint_id, Number(r.n)]));
}

export async function hasCheckedIn(db: Executor, sessionId: string, memberId: string): Promise<boolean> {
  const row = await db
    .selectFrom('checkins')
    .select('id')
    .where('session_id', '=', sessionId)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Has the member ever checked in (evidence that must not be deleted with the member)? */
export async function memberHasCheckins(db: Executor, memberId: string): Promise<boolean> {
  const row = await db.selectFrom('checkins').select('id').where('member_id', '=', memberId).executeTakeFirst();
  return row !== undefined;
}

/** How many check-ins, and how many closed and when last: part of a report's data fingerprint. */
export async function checkinStamp(db: Executor, sessionId: string) {
  return db
    .selectFrom('checkins')
    .select((eb) => [
      eb.fn.countAll<number>().as('n'),
      eb.fn.count<number>('checked_out_at').as('closed'),
      eb.fn.max('checked_out_at').as('last'),
    ])
    .where('session_id', '=', sessionId)
    .executeTakeFirstOrThrow();
}

/** One member's check-ins in a session, oldest first (make-up study asks whether they attended). */
export async function memberCheckins(db: Executor, sessionId: string, memberId: string): Promise<CheckinRow[]> {
  const rows = await db
    .selectFrom('checkins')
    .select(CHECKIN_COLUMNS)
    .where('session_id', '=', sessionId)
    .where('member_id', '=', memberId)
    .orderBy('checked_in_at')
    .execute();
  return rows.map(checkinRowOf);
}
