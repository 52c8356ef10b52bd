import type { StudyStatus } from '@diem-cau/shared';
import type { Executor } from '../../store/database.js';
import { attendedLive } from '../attendance/index.js';
import { orgQueries } from '../org/index.js';
import { sessionQueries, type SessionRecord } from '../sessions/index.js';
import type { StudyStore } from './studyStore.js';

export type StudyReason = StudyStatus['reason'];

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
