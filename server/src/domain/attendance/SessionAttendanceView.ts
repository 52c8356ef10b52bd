import type { EndpointAttendance, MemberAttendance, SessionAttendance } from '@diem-cau/shared';
import type { AppContext } from '../../context/types.js';
import { checkinQueries } from '../checkin/index.js';
import { orgQueries } from '../org/index.js';
import { sessionQueries, type SessionRecord } from '../sessions/index.js';
import { sessionHeadcounts, sessionIntervals } from './queries.js';
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
  const [invited, intervals, heads, checkins] = await Promise.all([
    sessionQueries.invitedEndpointIds(db, sid),
    sessionIntervals(db, sid),
    sessionHeadcounts(db, sid),
    checkinQueries.sessionCheckins(db, sid),
  ]);
  // Invited endpoints and any that connected without an invitation, in commune order.
  const endpoints = (await orgQueries.endpointPlaces(db, [...invited, ...intervals.map((i) => i.endpointId)])).sort(
    (a, b) => a.communeCode.localeCompare(b.communeCode),
  );
  const names = await orgQueries.memberNames(
    db,
    checkins.map((c) => c.memberId),
  );
  const window = sessionWindow(session.startedAt, session.endedAt, now);
  const graceMs = ctx.config.attendance.graceSeconds * 1000;

  const rawBy = new Map<string, RawInterval[]>();
  for (const i of intervals) {
    const list = rawBy.get(i.endpointId) ?? [];
    list.push({ start: Date.parse(i.startedAt), end: i.endedAt ? Date.parse(i.endedAt) : null });
    rawBy.set(i.endpointId, list);
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
      districtName: e.districtName,
      intervals: shown.map((s, k) => ({
        start: iso(s.start),
        end: stillOpen && k === shown.length - 1 && !session.endedAt ? null : iso(s.end),
      })),
      connectedMs: merged.connectedMs,
      presentMs: merged.presentMs,
      reconnects: mergeIntervals(raw, { graceMs, now }).reconnects,
      rawIntervals: raw.length,
      headcounts: heads
        .filter((h) => h.endpointId === e.id)
        .map((h) => ({ count: h.headCount, reportedAt: h.reportedAt })),
    };
  });

  const byMember = new Map<string, { fullName: string; memberNumber: string; rows: typeof checkins }>();
  for (const c of checkins) {
    const name = names.get(c.memberId);
    if (!name) continue;
    const entry = byMember.get(c.memberId) ?? { ...name, rows: [] };
    entry.rows.push(c);
    byMember.set(c.memberId, entry);
  }
  const members: MemberAttendance[] = [...byMember.entries()].map(([memberId, m]) => {
    const spans: CheckinSpan[] = m.rows.map((r) => ({
      endpointId: r.endpointId,
      checkedInAt: Date.parse(r.checkedInAt),
      checkedOutAt: r.checkedOutAt ? Date.parse(r.checkedOutAt) : null,
    }));
    return {
      memberId,
      fullName: m.fullName,
      memberNumber: m.memberNumber,
      checkins: m.rows.map((r) => ({
        endpointId: r.endpointId,
        checkedInAt: r.checkedInAt,
        checkedOutAt: r.checkedOutAt,
        reason: r.checkoutReason,
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
