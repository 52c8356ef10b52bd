import { STAFF_ROLES, MEDIA_ROLES } from '@diem-cau/shared';
import type { HandlerTable } from '../../signaling/types.js';
import { endpointName, type BroadcastDomain } from './BroadcastDomain.js';
import { joinedSession } from '../../signaling/joinedSession.js';

/** Socket.IO handlers of the endpoints' roll call (`rollcall:*`). */
export function rollcallHandlers(domain: BroadcastDomain): HandlerTable {
  return {
    'rollcall:start': {
      roles: STAFF_ROLES,
      handle: async (ctx, { durationSeconds }) => {
        const sessionId = joinedSession(ctx);
        await domain.rooms.get(sessionId); // only while the session is live
        const present = () => domain.presence.list(sessionId).map((p) => ({ endpointId: p.endpointId, name: p.name }));
        const started = await domain.rollCalls.start(sessionId, ctx.identity.subject, durationSeconds, present());
        // An endpoint that joined while the roll call was being stored is expected as well.
        const listed = new Set(started.expected.map((e) => e.endpointId));
        const late = present().filter((e) => !listed.has(e.endpointId));
        return (await domain.rollCalls.addExpected(sessionId, late)) ?? started;
      },
    },
    'rollcall:confirm': {
      roles: ['endpoint'],
      handle: (ctx, { rollCallId }) =>
        domain.rollCalls.confirm(joinedSession(ctx), rollCallId, {
          endpointId: ctx.identity.subject,
          name: endpointName(ctx.identity),
        }),
    },
    'rollcall:getState': {
      roles: MEDIA_ROLES,
      handle: (ctx) => domain.rollCalls.latest(joinedSession(ctx)),
    },
  };
}
