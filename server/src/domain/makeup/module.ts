import type { AppModule } from '../../context/types.js';
import { quizDomain } from '../quiz/index.js';
import { recordingService } from '../recording/index.js';
import { makeupRoutes } from './routes.js';
import { studyService } from './services.js';

/**
 * Make-up study from the recording (#11): members who missed the session (or were assigned) may
 * watch its recording, and its make-up quiz opens once they studied enough of it.
 */
export const makeupModule: AppModule = {
  name: 'makeup',
  routes: makeupRoutes,
  start: async (ctx) => {
    const study = studyService(ctx);
    recordingService(ctx).addViewer((identity, sessionId) => study.mayWatch(identity, sessionId));
    quizDomain(ctx).makeup.addGate(async (member, sessionId) =>
      (await study.quizLocked(member, sessionId)) ? 'study_incomplete' : null,
    );
  },
};
