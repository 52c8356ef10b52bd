import type { AppContext } from '../../context/types.js';
import { joinedSession } from '../../signaling/joinedSession.js';
import type { HandlerTable } from '../../signaling/types.js';
import { checkinService } from './services.js';

/** Check-in events: the endpoint's code, and the member's submit / leave / status. */
export function checkinHandlers(ctx: AppContext): HandlerTable {
  const checkins = () => checkinService(ctx);
  return {
    'checkin:currentCode': {
      roles: ['endpoint'],
      handle: (hctx) => checkins().currentCode(joinedSession(hctx), hctx.identity.subject),
    },
    'checkin:submit': {
      roles: ['member'],
      handle: (hctx, { code, endpointId }) =>
        checkins().submit(hctx.socket.id, hctx.identity, joinedSession(hctx), code, endpointId),
    },
    'checkin:leave': {
      roles: ['member'],
      handle: async (hctx) => ({
        checkedOut: await checkins().leave(hctx.socket.id, joinedSession(hctx), hctx.identity.subject),
      }),
    },
    'checkin:status': {
      roles: ['member'],
      handle: async (hctx) => ({ checkin: await checkins().status(joinedSession(hctx), hctx.identity.subject) }),
    },
  };
}
