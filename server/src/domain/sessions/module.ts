import type { AppModule } from '../../context/types.js';
import { orgAdminService } from '../org/index.js';
import { endpointEverInvited } from './queries.js';
import { sessionHandlers } from './joinHandlers.js';
import { sessionRoutes } from './routes.js';

/** Conference sessions: management routes, status changes, and joining over Socket.IO. */
export const sessionsModule: AppModule = {
  name: 'sessions',
  handlers: sessionHandlers,
  routes: sessionRoutes,
  start: (ctx) => {
    // An endpoint invited to a session is part of its record.
    orgAdminService(ctx).addDeletionGuard('endpoint', (id) => endpointEverInvited(ctx.db, id));
  },
};
