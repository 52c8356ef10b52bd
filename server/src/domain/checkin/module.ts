import type { AppModule } from '../../context/types.js';
import { checkinService } from './services.js';
import { checkinHandlers } from './handlers.js';
import { checkinRoutes } from './routes.js';

/** Member check-in with the endpoint's rotating code. */
export const checkinModule: AppModule = {
  name: 'checkin',
  handlers: checkinHandlers,
  routes: checkinRoutes,
  start: (ctx) => checkinService(ctx).start(),
};
