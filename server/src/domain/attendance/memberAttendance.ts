import type { Executor } from '../../store/database.js';
import { checkinQueries } from '../checkin/index.js';
import type { SessionRecord } from '../sessions/index.js';
import { meetsAttendanceThreshold, memberPresentMs, sessionWindow } from './rules.js';

/**
 * Did the member attend the session live, by the session's rule (present for its threshold share,
 * the rule reports apply)? A check-in alone is not attendance: ten minutes of a two-hour session is not.
 */
export async function attendedLive(db: Executor, session: SessionRecord, memberId: string): Promise<boolean> {
  const window = sessionWindow(session.startedAt, session.endedAt, Date.now());
  if (!window) return false;
  const checkins = await checkinQueries.memberCheckins(db, session.id, memberId);
  const spans = checkins.map((c) => ({
    endpointId: c.endpointId,
    checkedInAt: Date.parse(c.checkedInAt),
    checkedOutAt: c.checkedOutAt ? Date.parse(c.checkedOutAt) : null,
  }));
  const presentMs = memberPresentMs(spans, window, window.end);
  return meetsAttendanceThreshold(presentMs, window.end - window.start, session.attendanceThreshold);
}
