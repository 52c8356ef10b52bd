import type { AppModule } from '../../context/types.js';
import { orgAdminService } from '../org/index.js';
import { quizHandlers } from './handlers.js';
import { endpointHasQuizRecords, memberHasQuizRecords } from './quizStore.js';
import { quizDomain } from './services.js';
import { quizRoutes } from './routes.js';

/** Comprehension quizzes: question bank, live runs with answers and leaderboards, make-up quiz. */
export const quizModule: AppModule = {
  name: 'quiz',
  handlers: quizHandlers,
  routes: quizRoutes,
  start: (ctx) => {
    // Answers and make-up records are evidence: the member or endpoint they belong to is kept.
    orgAdminService(ctx).addDeletionGuard('member', (id) => memberHasQuizRecords(ctx.db, id));
    orgAdminService(ctx).addDeletionGuard('endpoint', (id) => endpointHasQuizRecords(ctx.db, id));
    return quizDomain(ctx).start();
  },
  stop: (ctx) => quizDomain(ctx).stop(),
};
