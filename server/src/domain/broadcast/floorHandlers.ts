import { STAFF_ROLES, MEDIA_ROLES } from '@diem-cau/shared';
import type { HandlerTable } from '../../signaling/types.js';
import { endpointName, type BroadcastDomain } from './BroadcastDomain.js';
import { joinedSession } from '../../signaling/joinedSession.js';

/** Socket.IO handlers of the floor (`floor:*`). */
export function floorHandlers(domain: BroadcastDomain): HandlerTable {
  return {
    'floor:getState': {
      roles: MEDIA_ROLES,
      handle: (ctx) => domain.floor.state(joinedSession(ctx)),
    },
    'floor:raiseHand': {
      roles: ['endpoint'],
      handle: (ctx) => domain.floor.raiseHand(joinedSession(ctx), ctx.identity.subject, endpointName(ctx.identity)),
    },
    'floor:lowerHand': {
      roles: ['endpoint'],
      handle: (ctx) => domain.floor.lowerHand(joinedSession(ctx), ctx.identity.subject),
    },
    'floor:grant': {
      roles: STAFF_ROLES,
      handle: (ctx, { endpointId }) => domain.grantFloor(ctx.identity, joinedSession(ctx), endpointId),
    },
    'floor:revoke': {
      roles: STAFF_ROLES,
      handle: (ctx) => domain.revokeFloor(ctx.identity, joinedSession(ctx)),
    },
    'floor:mute': {
      roles: STAFF_ROLES,
      handle: (ctx, { muted }) => domain.muteFloor(ctx.identity, joinedSession(ctx), muted),
    },
  };
}
