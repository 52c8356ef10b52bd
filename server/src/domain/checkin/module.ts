import type { AppModule } from '../../context/types.js';
import { orgAdminService } from '../org/index.js';
import { memberHasCheckins } from './queries.js';
import { checkinService } from './services.js';
import { checkinHandlers } from './handlers.js';
import { checkinRoutes } from './routes.js';

/** Member check-in with the endpoint's rotating code. */
export const checkinModule: AppModule = {
  name: 'checkin',
  handlers: checkinHandlers,
  routes: checkinRoutes,
  start: (ctx) => {
    // A member's check-ins are attendance evidence: the member is kept.
    orgAdminService(ctx).addDeletionGuard('member', (id) => memberHasCheckins(ctx.db, id));
    checkinService(ctx).start();
  },
};
