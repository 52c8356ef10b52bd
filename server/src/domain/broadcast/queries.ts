import type { Selectable } from 'kysely';
import type { Executor } from '../../store/database.js';
import type { LinkMinuteTable, LinkPeriodTable } from '../../store/schema.js';

// Reads of the link quality record (link_minutes, link_periods) that other domains need (the
// session report). Only the broadcast domain writes these tables.

export type LinkMinuteRecord = Selectable<LinkMinuteTable>;

export interface LinkPeriodRecord {
  endpointId: string;
  kind: LinkPeriodTable['kind'];
  cause: string;
  startedAt: string;
  endedAt: string | null;
}

/** Every endpoint's minute rows of a session (or one endpoint's), in time order. */
export async function linkMinutes(db: Executor, sessionId: string, endpointId?: string): Promise<LinkMinuteRecord[]> {
  let q = db.selectFrom('link_minutes').selectAll().where('session_id', '=', sessionId);
  if (endpointId !== undefined) q = q.where('endpoint_id', '=', endpointId);
  return q.orderBy('endpoint_id').orderBy('minute').execute();
}

/** Outages and audio-only periods of a session (or of one endpoint), in time order. */
export async function linkPeriods(db: Executor, sessionId: string, endpointId?: string): Promise<LinkPeriodRecord[]> {
  let q = db
    .selectFrom('link_periods')
    .select(['endpoint_id', 'kind', 'cause', 'started_at', 'ended_at'])
    .where('session_id', '=', sessionId);
  if (endpointId !== undefined) q = q.where('endpoint_id', '=', endpointId);
  const rows = await q.orderBy('started_at').orderBy('id').execute();
  return rows.map((r) => ({
    endpointId: r.endpoint_id,
    kind: r.kind,
    cause: r.cause,
    startedAt: r.started_at,
    endedAt: r.ended_at,
  }));
}

/** Counts and latest times of the record: part of a report's fingerprint (a new sample or period is a new report). */
export async function linkStamp(db: Executor, sessionId: string) {
  const [minutes, periods] = await Promise.all([
    db
      .selectFrom('link_minutes')
      .select((eb) => [eb.fn.sum<number>('samples').as('samples'), eb.fn.max('last_at').as('last')])
      .where('session_id', '=', sessionId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('link_periods')
      .select((eb) => [
        eb.fn.countAll<number>().as('n'),
        eb.fn.count<number>('ended_at').as('closed'),
        eb.fn.max('ended_at').as('last'),
      ])
      .where('session_id', '=', sessionId)
      .executeTakeFirstOrThrow(),
  ]);
  return [Number(minutes.samples ?? 0), minutes.last, periods.n, periods.closed, periods.last];
}
