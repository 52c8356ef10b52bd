import type { Identity, SessionStatus } from '@diem-cau/shared';
import { isKeyVersionCurrent, orgErrors } from '../org/index.js';
import { sessionErrors } from './errors.js';
import { isJoinable } from './transitions.js';

export interface JoinFacts {
  session: { id: string; status: SessionStatus; hostAccountId: string } | undefined;
  /** Endpoint callers only: whether it is invited, and its stored key version. */
  endpoint?: { invited: boolean; keyVersion: number | undefined };
}

/**
 * Who may join a session (throws the coded refusal, else returns):
 * - a token bound to another session is refused (FORBIDDEN), before anything about this one is told;
 * - admin: any session; host: only the sessions it hosts;
 * - endpoint: its token is bound to this session, its key not rotated since (UNAUTHENTICATED), invited;
 * - member: a token bound to this session, or an unbound member token (any member may follow any
 *   session; presence is proved separately by the rotating check-in code at an endpoint);
 * - and the session is scheduled (waiting room) or live (CONFLICT otherwise).
 */
export function assertMayJoin(identity: Identity, sessionId: string, facts: JoinFacts): void {
  if (identity.sessionId !== undefined && identity.sessionId !== sessionId) throw sessionErrors.tokenForOtherSession();
  if (identity.role === 'endpoint' && identity.sessionId === undefined) throw sessionErrors.endpointTokenUnbound();
  const session = facts.session;
  if (!session) throw sessionErrors.notFound();
  if (identity.role === 'host' && session.hostAccountId !== identity.subject) throw sessionErrors.notThisHost();
  if (identity.role === 'endpoint') {
    if (!facts.endpoint || !isKeyVersionCurrent(identity.keyVersion, facts.endpoint.keyVersion ?? 0)) {
      throw orgErrors.keyRotated();
    }
    if (!facts.endpoint.invited) throw sessionErrors.endpointNotInvited();
  }
  if (!isJoinable(session.status)) throw sessionErrors.wrongStatus(session.status);
}
