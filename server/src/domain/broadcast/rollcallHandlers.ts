import type { HandlerTable } from '../../signaling/types.js';
import type { BroadcastDomain } from './BroadcastDomain.js';
import { HOST_ROLES, MEDIA_ROLES, joinedSession } from './handlerContext.js';

/** Socket.IO handlers of the endpoints' roll call (`rollcall:*`). */
export function rollcallHandlers(domain: BroadcastDomain): HandlerTable {
  return {
    'rollcall:start': {
      roles: HOST_ROLES,
      handle: async (ctx, { durationSeconds }) => {
        const sessionId = joinedSession(ctx);
        await domain.rooms.get(sessionId); // only while the session is live
        const expected = domain.presence.list(sessionId).map((p) => ({ endpointId: p.endpointId, name: p.name }));
        return domain.rollCalls.start(sessionId, ctx.identity.subject, durationSeconds, expected);
      },
    },
    'rollcall:confirm': {
      roles: ['endpoint'],
      handle: (ctx, { rollCallId }) => domain.rollCalls.confirm(joinedSession(ctx), rollCallId, ctx.identity.subject),
    },
    'rollcall:getState': {
      roles: MEDIA_ROLES,
      handle: (ctx) => domain.rollCalls.latest(joinedSession(ctx)),
    },
  };
}
