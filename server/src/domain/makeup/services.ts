// The make-up study domain's wiring: one instance per app, and what it is given.
import { perContext } from '../../context/perContext.js';
import { auditLog } from '../audit/index.js';
import { recordingStore } from '../recording/index.js';
import { sessionService } from '../sessions/index.js';
import { HallMakeupService } from './HallMakeupService.js';
import { HallStore } from './hallStore.js';
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

export const hallStore = perContext((ctx) => new HallStore(ctx.db));

export const hallMakeups = perContext((ctx) => {
  const recordings = recordingStore(ctx);
  const study = studyStore(ctx);
  return new HallMakeupService({
    db: ctx.db,
    halls: hallStore(ctx),
    study,
    sessions: sessionService(ctx),
    recordingOf: (sessionId) => recordings.bySession(sessionId),
    turnRecordingOff: (sessionId) => recordings.setEnabled(sessionId, false, new Date().toISOString()),
    shareOf: async (session, db) => (await study.settings(session.id, db))?.share ?? session.attendanceThreshold,
    graceMs: ctx.config.attendance.graceSeconds * 1000,
    hooks: studyHooks(ctx),
  });
});
