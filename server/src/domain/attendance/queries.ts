import type { Executor } from '../../store/database.js';

// Reads of attendance_intervals and headcount_reports that other domains need. Only the attendance
// domain writes these tables.

export interface IntervalRow {
  endpointId: string;
  startedAt: string;
  endedAt: string | null;
}

export interface HeadcountRow {
  endpointId: string;
  headCount: number;
  reportedAt: string;
}

export async function sessionIntervals(db: Executor, sessionId: string): Promise<IntervalRow[]> {
  const rows = await db
    .selectFrom('attendance_intervals')
    .select(['endpoint_id', 'started_at', 'ended_at'])
    .where('session_id', '=', sessionId)
    .execute();
  return rows.map((r) => ({ endpointId: r.endpoint_id, startedAt: r.started_at, endedAt: r.ended_at }));
}

/** Head-counts of a session in the order they were reported. */
export async function sessionHeadcounts(db: Executor, sessionId: string): Promise<HeadcountRow[]> {
  const rows = await db
    .selectFrom('headcount_reports')
    .select(['endpoint_id', 'head_count', 'reported_at'])
    .where('session_id', '=', sessionId)
    .orderBy('reported_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ endpointId: r.endpoint_id, headCount: r.head_count, reportedAt: r.reported_at }));
}

/** Has the endpoint any attendance interval (evidence kept with the endpoint)? */
export async function endpointHasIntervals(db: Executor, endpointId: string): Promise<boolean> {
  const row = await db
    .selectFrom('attendance_intervals')
    .select('endpoint_id')
    .where('endpoint_id', '=', endpointId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Counts of intervals and head-counts, closed intervals and the last close: part of a report's fingerprint. */
export async function attendanceStamp(db: Executor, sessionId: string) {
  const [intervals, heads] = await Promise.all([
    db
      .selectFrom('attendance_intervals')
      .select((eb) => [
        eb.fn.countAll<number>().as('n'),
        eb.fn.count<number>('ended_at').as('closed'),
        eb.fn.max('ended_at').as('last'),
      ])
      .where('session_id', '=', sessionId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('headcount_reports')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('session_id', '=', sessionId)
      .executeTakeFirstOrThrow(),
  ]);
  return { intervals: intervals.n, closedIntervals: intervals.closed, lastClosed: intervals.last, headcounts: heads.n };
}
