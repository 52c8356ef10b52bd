import type { AppModule } from '../../context/types.js';
import { sessionHandlers } from './joinHandlers.js';
import { sessionRoutes } from './routes.js';

/** Conference sessions: management routes, status changes, and joining over Socket.IO. */
export const sessionsModule: AppModule = {
  name: 'sessions',
  handlers: sessionHandlers,
  routes: sessionRoutes,
};
