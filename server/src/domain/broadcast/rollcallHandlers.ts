import { STAFF_ROLES, MEDIA_ROLES } from '@diem-cau/shared';
import type { HandlerTable } from '../../signaling/types.js';
import { endpointName, type BroadcastDomain } from './BroadcastDomain.js';
import { joinedSession } from '../../signaling/joinedSession.js';

/** Socket.IO handlers of the endpoints' roll call (`rollcall:*`). */
export function rollcallHandlers(domain: BroadcastDomain): HandlerTable {
  return {
    'rollcall:start': {
      roles: STAFF_ROLES,
      handle: (ctx, { durationSeconds }) => domain.startRollCall(ctx.identity, joinedSession(ctx), durationSeconds),
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
