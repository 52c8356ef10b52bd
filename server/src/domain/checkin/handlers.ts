import type { AppContext } from '../../modules/types.js';
import { requireJoinedSession } from '../../signaling/requireJoinedSession.js';
import type { HandlerTable } from '../../signaling/types.js';
import { checkinService } from './CheckinService.js';

/** Check-in events: the endpoint's code, and the member's submit / leave / status. */
export function checkinHandlers(ctx: AppContext): HandlerTable {
  const checkins = () => checkinService(ctx);
  return {
    'checkin:currentCode': {
      roles: ['endpoint'],
      handle: (hctx) => checkins().currentCode(requireJoinedSession(hctx), hctx.identity.subject),
    },
    'checkin:submit': {
      roles: ['member'],
      handle: (hctx, { code, endpointId }) =>
        checkins().submit(hctx.socket, hctx.identity, requireJoinedSession(hctx), code, endpointId),
    },
    'checkin:leave': {
      roles: ['member'],
      handle: async (hctx) => ({
        checkedOut: await checkins().leave(hctx.socket, requireJoinedSession(hctx), hctx.identity.subject),
      }),
    },
    'checkin:status': {
      roles: ['member'],
      handle: async (hctx) => ({ checkin: await checkins().status(requireJoinedSession(hctx), hctx.identity.subject) }),
    },
  };
}
