import type { SessionStatus } from '@diem-cau/shared';
import { sessionErrors } from './errors.js';

/** Allowed status changes: draft → scheduled → live → ended, and draft → live for an impromptu session. */
const ALLOWED: Readonly<Record<SessionStatus, readonly SessionStatus[]>> = {
  draft: ['scheduled', 'live'],
  scheduled: ['live'],
  live: ['ended'],
  ended: [],
};

export function canTransition(from: SessionStatus, to: SessionStatus): boolean {
  return ALLOWED[from].includes(to);
}

/** Throws CONFLICT when the session may not go from `from` to `to`. */
export function assertTransition(from: SessionStatus, to: SessionStatus): void {
  if (!canTransition(from, to)) throw sessionErrors.badTransition(from, to);
}

/** Title, schedule, host and threshold may change until the session goes live. */
export function isEditable(status: SessionStatus): boolean {
  return status === 'draft' || status === 'scheduled';
}

/** Sockets may join (and endpoints wait in) scheduled and live sessions only. */
export function isJoinable(status: SessionStatus): boolean {
  return status === 'scheduled' || status === 'live';
}
