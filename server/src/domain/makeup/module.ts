import type { AppModule } from '../../context/types.js';
import { quizDomain } from '../quiz/index.js';
import { recordingService } from '../recording/index.js';
import { sessionService } from '../sessions/index.js';
import { perContext } from '../../context/perContext.js';
import { makeupRoutes } from './routes.js';
import { hallMakeups, studyService } from './services.js';

/** How often live hall make-ups are looked at for their end time. */
const HALL_SWEEP_MS = 15_000;
const sweepTimer = perContext((): { timer?: NodeJS.Timeout } => ({}));

/**
 * Make-up study from the recording (#11): members who missed the session (or were assigned) may
 * watch its recording, and its make-up quiz opens once they studied enough of it; an endpoint holds a
 * hall make-up whose TV replays it, and members who stay there are credited when it ends.
 */
export const makeupModule: AppModule = {
  name: 'makeup',
  routes: makeupRoutes,
  start: async (ctx) => {
    const study = studyService(ctx);
    recordingService(ctx).addViewer((identity, sessionId) => study.mayWatch(identity, sessionId));
    quizDomain(ctx).makeup.addGate((member, sessionId) => study.quizVerdict(member, sessionId));
    const halls = hallMakeups(ctx);
    recordingService(ctx).addViewer((identity, sessionId) => halls.mayWatch(identity, sessionId));
    const sessions = sessionService(ctx);
    sessions.addDelegate((actor, sessionId) => halls.holds(actor, sessionId));
    sessions.hooks.onStatusChange((change, trx) => halls.credit(change, trx));
    const log = ctx.log.child({ module: 'makeup' });
    const timer = setInterval(
      () => void halls.endOverdue().catch((err: unknown) => log.warn({ err }, 'hall make-up sweep failed')),
      HALL_SWEEP_MS,
    );
    timer.unref();
    sweepTimer(ctx).timer = timer;
  },
  stop: async (ctx) => {
    clearInterval(sweepTimer(ctx).timer);
  },
};
