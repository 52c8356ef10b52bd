import type { AppModule } from '../context/types.js';

/** Requests any authenticated client may make (identity, clock sync). */
export const systemModule: AppModule = {
  name: 'system',
  handlers: () => ({
    'system:whoami': { handle: (ctx) => ctx.identity },
    'system:time': { handle: (_ctx, payload) => ({ clientTime: payload.clientTime, serverTime: Date.now() }) },
  }),
};
