import type { AppModule } from '../../modules/types.js';
import { checkinService } from './CheckinService.js';
import { checkinHandlers } from './handlers.js';

/** Member check-in with the endpoint's rotating code. */
export const checkinModule: AppModule = {
  name: 'checkin',
  handlers: checkinHandlers,
  start: (ctx) => checkinService(ctx).start(),
};
