import type { SessionStatus } from '@diem-cau/shared';
import type { Executor } from '../../store/database.js';

// Reads of the sessions tables (sessions, session_invites) that other domains need. Only the
// sessions domain writes these tables.

/** What reports and panels need of a session. */
export interface SessionFacts {
  id: string;
  title: string;
  status: SessionStatus;
  startedAt: string | null;
  endedAt: string | null;
  attendanceThreshold: number;
}

const FACT_COLUMNS = ['id', 'title', 'status', 'started_at', 'ended_at', 'attendance_threshold'] as const;

function toFacts(s: {
  id: string;
  title: string;
  status: SessionStatus;
  started_at: string | null;
  ended_at: string | null;
  attendance_threshold: number;
}): SessionFacts {
  return {
    id: s.id,
    title: s.title,
    status: s.status,
    startedAt: s.started_at,
    endedAt: s.ended_at,
    attendanceThreshold: s.attendance_threshold,
  };
}

export async function sessionFacts(db: Executor, sessionId: string): Promise<SessionFacts | undefined> {
  const s = await db.selectFrom('sessions').select(FACT_COLUMNS).where('id', '=', sessionId).executeTakeFirst();
  return s && toFacts(s);
}

/** Sessions that started within [from, to], in order. */
export async function sessionsStartedBetween(db: Executor, from: string, to: string): Promise<SessionFacts[]> {
  const rows = await db
    .selectFrom('sessions')
    .select(FACT_COLUMNS)
    .where('started_at', 'is not', null)
    .where('started_at', '>=', new Date(from).toISOString())
    .where('started_at', '<=', new Date(to).toISOString())
    .orderBy('started_at')
    .execute();
  return rows.map(toFacts);
}

export async function invitedEndpointIds(db: Executor, sessionId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('session_invites')
    .select('endpoint_id')
    .where('session_id', '=', sessionId)
    .execute();
  return rows.map((r) => r.endpoint_id);
}

export async function inviteCount(db: Executor, sessionId: string): Promise<number> {
  const row = await db
    .selectFrom('session_invites')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('session_id', '=', sessionId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Is an endpoint of this commune invited to the session (its members are then the session's)? */
export async function isCommuneInvited(db: Executor, sessionId: string, communeId: string): Promise<boolean> {
  const row = await db
    .selectFrom('session_invites as i')
    .innerJoin('endpoint_places as p', 'p.endpoint_id', 'i.endpoint_id')
    .select('i.endpoint_id')
    .where('i.session_id', '=', sessionId)
    .where('p.commune_id', '=', communeId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function sessionIdsHostedBy(db: Executor, accountId: string): Promise<string[]> {
  const rows = await db.selectFrom('sessions').select('id').where('host_account_id', '=', accountId).execute();
  return rows.map((r) => r.id);
}

/** Scheduled and live sessions (optionally only one), live first, then by start: what a member may join. */
export async function joinableSessions(db: Executor, onlyId?: string) {
  let q = db
    .selectFrom('sessions')
    .select(['id', 'title', 'status', 'scheduled_start', 'started_at'])
    .where('status', 'in', ['scheduled', 'live']);
  if (onlyId) q = q.where('id', '=', onlyId);
  const rows = await q.orderBy('status').orderBy('scheduled_start').limit(50).execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    status: r.status,
    scheduledStart: r.scheduled_start,
    startedAt: r.started_at,
  }));
}

/** An endpoint's invited sessions that are scheduled or live, soonest first (at most 20). */
export async function upcomingSessionsOf(db: Executor, endpointId: string) {
  const rows = await db
    .selectFrom('session_invites as i')
    .innerJoin('sessions as s', 's.id', 'i.session_id')
    .select(['s.id', 's.title', 's.status', 's.scheduled_start', 's.scheduled_end'])
    .where('i.endpoint_id', '=', endpointId)
    .where('s.status', 'in', ['scheduled', 'live'])
    .orderBy('s.scheduled_start')
    .limit(20)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    status: r.status as 'scheduled' | 'live',
    scheduledStart: r.scheduled_start,
    scheduledEnd: r.scheduled_end,
  }));
}

/** Ended sessions the endpoint was invited to, latest first, leaving out `excluding` (e.g. hall make-ups). */
export async function endedSessionsOf(
  db: Executor,
  endpointId: string,
  options: { excluding: readonly string[]; limit: number },
): Promise<{ id: string; title: string; endedAt: string | null }[]> {
  let query = db
    .selectFrom('session_invites as i')
    .innerJoin('sessions as s', 's.id', 'i.session_id')
    .select(['s.id', 's.title', 's.ended_at'])
    .where('i.endpoint_id', '=', endpointId)
    .where('s.status', '=', 'ended');
  if (options.excluding.length > 0) query = query.where('s.id', 'not in', [...options.excluding]);
  const rows = await query.orderBy('s.ended_at', 'desc').limit(options.limit).execute();
  return rows.map((r) => ({ id: r.id, title: r.title, endedAt: r.ended_at }));
}

/** Was the endpoint ever invited to a session (then it is part of that session's record)? */
export async function endpointEverInvited(db: Executor, endpointId: string): Promise<boolean> {
  const row = await db
    .selectFrom('session_invites')
    .select('endpoint_id')
    .where('endpoint_id', '=', endpointId)
    .executeTakeFirst();
  return row !== undefined;
}

/** The ended sessions among `ids` (or just `only`), latest first. */
export async function latestEnded(
  db: Executor,
  ids: readonly string[],
  options: { only?: string; limit: number },
): Promise<string[]> {
  const among = options.only === undefined ? [...new Set(ids)] : ids.filter((id) => id === options.only);
  if (among.length === 0) return [];
  const rows = await db
    .selectFrom('sessions')
    .select('id')
    .where('status', '=', 'ended')
    .where('id', 'in', among)
    .orderBy('ended_at', 'desc')
    .limit(options.limit)
    .execute();
  return rows.map((r) => r.id);
}
