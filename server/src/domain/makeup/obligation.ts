import type { StudyStatus } from '@diem-cau/shared';
import type { Executor } from '../../store/database.js';
import { meetsAttendanceThreshold, memberPresentMs, sessionWindow } from '../attendance/index.js';
import { checkinQueries } from '../checkin/index.js';
import { orgQueries } from '../org/index.js';
import { sessionQueries, type SessionRecord } from '../sessions/index.js';
import type { StudyStore } from './studyStore.js';

export type StudyReason = StudyStatus['reason'];

/** Did the member attend the session live, by the session's rule (the same one reports apply)? */
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

/**
 * Why this member must study the session's recording: they are in its audience (their commune was
 * invited) and did not attend live, or the host assigned them. Null: they need not.
 */
export async function studyReason(
  db: Executor,
  store: StudyStore,
  session: SessionRecord,
  memberId: string,
): Promise<StudyReason | null> {
  const commune = await orgQueries.communeOfMember(db, memberId);
  const inAudience = commune !== undefined && (await sessionQueries.isCommuneInvited(db, session.id, commune));
  if (inAudience && !(await attendedLive(db, session, memberId))) return 'absent';
  return (await store.isAssigned(session.id, memberId, db)) ? 'assigned' : null;
}
