import type { AppModule } from '../../context/types.js';
import { quizHandlers } from './handlers.js';
import { quizDomain } from './services.js';
import { quizRoutes } from './routes.js';

/** Comprehension quizzes: question bank, live runs with answers and leaderboards, make-up quiz. */
export const quizModule: AppModule = {
  name: 'quiz',
  handlers: quizHandlers,
  routes: quizRoutes,
  start: (ctx) => quizDomain(ctx).start(),
  stop: (ctx) => quizDomain(ctx).stop(),
};
