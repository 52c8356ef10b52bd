import type { AppModule } from '../../modules/types.js';
import { broadcastDomain } from './BroadcastDomain.js';
import { floorHandlers } from './floorHandlers.js';
import { mediaHandlers } from './mediaHandlers.js';
import { rollcallHandlers } from './rollcallHandlers.js';

/** Live broadcast: the SFU media plane, the floor and the endpoints' roll call. */
export const broadcastModule: AppModule = {
  name: 'broadcast',
  handlers: (ctx) => {
    const domain = broadcastDomain(ctx);
    return { ...mediaHandlers(domain), ...floorHandlers(domain), ...rollcallHandlers(domain) };
  },
  start: (ctx) => broadcastDomain(ctx).start(),
  stop: (ctx) => broadcastDomain(ctx).stop(),
};
