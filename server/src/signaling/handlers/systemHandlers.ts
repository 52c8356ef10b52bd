import type { HandlerTable } from '../types.js';

export const systemHandlers: HandlerTable = {
  'system:whoami': { handle: (ctx) => ctx.identity },
  'system:time': { handle: (_ctx, payload) => ({ clientTime: payload.clientTime, serverTime: Date.now() }) },
};
