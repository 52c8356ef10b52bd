// The sessions domain's door: conference sessions, invitations, status changes, joining, and the
// hooks other domains act on (join, leave, status change).
export { sessionsModule } from './module.js';
export { sessionService } from './services.js';
export type { SessionRecord, SessionService } from './SessionService.js';
export type { JoinEvent, LeaveEvent, SessionHooks, StatusChange } from './hooks.js';
export { isJoinable } from './transitions.js';
export { freeSessionCode } from './sessionCodes.js';
export * as sessionQueries from './queries.js';
export type { SessionFacts } from './queries.js';
export { sessionErrors } from './errors.js';
