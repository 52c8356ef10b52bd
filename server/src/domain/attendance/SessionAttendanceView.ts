import type { EndpointAttendance, MemberAttendance, SessionAttendance } from '@diem-cau/shared';
import type { AppContext } from '../../context/types.js';
import type { SessionRecord } from '../sessions/index.js';
import { mergeIntervals, type RawInterval, type Span } from './mergeIntervals.js';
import { memberAttended, memberPresentMs, sessionWindow, type CheckinSpan } from './rules.js';

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * The computed view of a session's stored attendance evidence: each endpoint's merged intervals,
 * connected time and reconnects, head-counts, and each checked-in member's presence and whether
 * they attended (≥ the session's threshold).
 */
export async function sessionAttendanceView(
  ctx: AppContext,
  session: SessionRecord,
  now = Date.now(),
): Promise<SessionAttendance> {
  const db = ctx.db;
  const sid = session.id;
  const [endpoints, intervals, heads, checkins] = await Promise.all([
    db
      .selectFrom('endpoints as e')
      .innerJoin('org_units as c', 'c.id', 'e.unit_id')
      .leftJoin('org_units as d', 'd.id', 'c.parent_id')
      .select(['e.id', 'e.name', 'd.name as district_name'])
      .where((eb) =>
        eb.or([
          eb('e.id', 'in', eb.selectFrom('session_invites').select('endpoint_id').where('session_id', '=', sid)),
          eb('e.id', 'in', eb.selectFrom('attendance_intervals').select('endpoint_id').where('session_id', '=', sid)),
        ]),
      )
      .orderBy('c.code')
      .execute(),
    db
      .selectFrom('attendance_intervals')
      .select(['endpoint_id', 'started_at', 'ended_at'])
      .where('session_id', '=', sid)
      .execute(),
    db
      .selectFrom('headcount_reports')
      .select(['endpoint_id', 'head_count', 'reported_at'])
      .where('session_id', '=', sid)
      .orderBy('reported_at')
      .execute(),
    db
      .selectFrom('checkins as k')
      .innerJoin('members as m', 'm.id', 'k.member_id')
      .select([
        'k.member_id',
        'm.full_name',
        'm.member_number',
        'k.endpoint_id',
        'k.checked_in_at',
        'k.checked_out_at',
        'k.checkout_reason',
      ])
      .where('k.session_id', '=', sid)
      .orderBy('k.checked_in_at')
      .execute(),
  ]);
  const window = sessionWindow(session.startedAt, session.endedAt, now);
  const graceMs = ctx.config.attendance.graceSeconds * 1000;

  const rawBy = new Map<string, RawInterval[]>();
  for (const i of intervals) {
    const list = rawBy.get(i.endpoint_id) ?? [];
    list.push({ start: Date.parse(i.started_at), end: i.ended_at ? Date.parse(i.ended_at) : null });
    rawBy.set(i.endpoint_id, list);
  }
  const presence = new Map<string, Span[]>();
  const endpointViews: EndpointAttendance[] = endpoints.map((e) => {
    const raw = rawBy.get(e.id) ?? [];
    const merged = mergeIntervals(raw, { graceMs, now, window });
    presence.set(e.id, merged.intervals);
    // The listed intervals are shown uncut (before/after the session too), merged the same way.
    const shown = mergeIntervals(raw, { graceMs, now }).intervals;
    const stillOpen = raw.some((r) => r.end === null);
    return {
      endpointId: e.id,
      endpointName: e.name,
      districtName: e.district_name,
      intervals: shown.map((s, k) => ({
        start: iso(s.start),
        end: stillOpen && k === shown.length - 1 && !session.endedAt ? null : iso(s.end),
      })),
      connectedMs: merged.connectedMs,
      presentMs: merged.presentMs,
      reconnects: mergeIntervals(raw, { graceMs, now }).reconnects,
      rawIntervals: raw.length,
      headcounts: heads
        .filter((h) => h.endpoint_id === e.id)
        .map((h) => ({ count: h.head_count, reportedAt: h.reported_at })),
    };
  });

  const byMember = new Map<string, { fullName: string; memberNumber: string; rows: typeof checkins }>();
  for (const c of checkins) {
    const entry = byMember.get(c.member_id) ?? { fullName: c.full_name, memberNumber: c.member_number, rows: [] };
    entry.rows.push(c);
    byMember.set(c.member_id, entry);
  }
  const members: MemberAttendance[] = [...byMember.entries()].map(([memberId, m]) => {
    const spans: CheckinSpan[] = m.rows.map((r) => ({
      endpointId: r.endpoint_id,
      checkedInAt: Date.parse(r.checked_in_at),
      checkedOutAt: r.checked_out_at ? Date.parse(r.checked_out_at) : null,
    }));
    return {
      memberId,
      fullName: m.fullName,
      memberNumber: m.memberNumber,
      checkins: m.rows.map((r) => ({
        endpointId: r.endpoint_id,
        checkedInAt: r.checked_in_at,
        checkedOutAt: r.checked_out_at,
        reason: r.checkout_reason,
      })),
      presentMs: window ? memberPresentMs(spans, window, now) : 0,
      attended: memberAttended(spans, window, session.attendanceThreshold, now),
    };
  });

  return {
    sessionId: sid,
    graceSeconds: ctx.config.attendance.graceSeconds,
    threshold: session.attendanceThreshold,
    window: { start: window ? iso(window.start) : null, end: window ? iso(window.end) : null },
    endpoints: endpointViews,
    members,
  };
}
