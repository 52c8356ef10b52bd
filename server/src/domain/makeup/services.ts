// The make-up study domain's wiring: one instance per app, and what it is given.
import { perContext } from '../../context/perContext.js';
import { auditLog } from '../audit/index.js';
import { recordingStore } from '../recording/index.js';
import { sessionService } from '../sessions/index.js';
import { StudyHooks } from './hooks.js';
import { StudyService } from './StudyService.js';
import { StudyStore } from './studyStore.js';

export const studyStore = perContext((ctx) => new StudyStore(ctx.db));
export const studyHooks = perContext(() => new StudyHooks());

export const studyService = perContext((ctx) => {
  const recordings = recordingStore(ctx);
  return new StudyService({
    db: ctx.db,
    store: studyStore(ctx),
    sessions: sessionService(ctx),
    recordingOf: (sessionId) => recordings.bySession(sessionId),
    readyRecordingSessions: async () =>
      (await recordings.list({ states: ['ready'] })).filter((r) => r.deleted_at === null).map((r) => r.session_id),
    audit: auditLog(ctx),
    hooks: studyHooks(ctx),
  });
});
