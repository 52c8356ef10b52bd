import type { AppModule } from '../../context/types.js';
import { broadcastDomain } from './services.js';
import { rateLimited, SocketRateLimiter } from '../../signaling/rateLimit.js';
import { floorHandlers } from './floorHandlers.js';
import { mediaHandlers } from './mediaHandlers.js';
import { rollcallHandlers } from './rollcallHandlers.js';

/** Live broadcast: the SFU media plane, the floor and the endpoints' roll call. */
export const broadcastModule: AppModule = {
  name: 'broadcast',
  handlers: (ctx) => {
    const domain = broadcastDomain(ctx);
    const limiter = new SocketRateLimiter();
    // One token bucket per socket for every broadcast event (media, floor, roll call).
    return rateLimited({ ...mediaHandlers(domain), ...floorHandlers(domain), ...rollcallHandlers(domain) }, limiter);
  },
  start: (ctx) => broadcastDomain(ctx).start(),
  stop: (ctx) => broadcastDomain(ctx).stop(),
};
