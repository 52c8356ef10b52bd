// The make-up study domain's door: members study a session's recording, credited from playback
// heartbeats; reports and webhooks read completions.
export { makeupModule } from './module.js';
export { hallMakeups, hallStore, studyService, studyStore, studyHooks } from './services.js';
export type { StudyService } from './StudyService.js';
export type { MakeupCompleted, MakeupCompletedListener } from './hooks.js';
export { makeupErrors } from './errors.js';
export * as makeupQueries from './queries.js';
export type { MakeupCompletion } from './queries.js';
