import type { Identity, SessionStatus } from '@diem-cau/shared';
import { AppError } from '../../errors/AppError.js';
import { isKeyVersionCurrent } from '../org/index.js';
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
  if (identity.sessionId !== undefined && identity.sessionId !== sessionId)
    throw new AppError('FORBIDDEN', 'This token is for another session');
  if (identity.role === 'endpoint' && identity.sessionId === undefined)
    throw new AppError('FORBIDDEN', 'Endpoint tokens are bound to one session');
  const session = facts.session;
  if (!session) throw new AppError('NOT_FOUND', 'No such session');
  if (identity.role === 'host' && session.hostAccountId !== identity.subject)
    throw new AppError('FORBIDDEN', "Only this session's host may host it");
  if (identity.role === 'endpoint') {
    if (!facts.endpoint || !isKeyVersionCurrent(identity.keyVersion, facts.endpoint.keyVersion ?? 0)) {
      throw new AppError('UNAUTHENTICATED', 'The endpoint key was rotated; sign in with the new key');
    }
    if (!facts.endpoint.invited) throw new AppError('FORBIDDEN', 'This endpoint is not invited to this session');
  }
  if (!isJoinable(session.status)) throw new AppError('CONFLICT', `The session is ${session.status}`);
}
