import { STAFF_ROLES } from '@diem-cau/shared';
import type { AppContext } from '../../context/types.js';
import { joinedSession } from '../../signaling/joinedSession.js';
import type { HandlerTable } from '../../signaling/types.js';
import { attendanceService } from './services.js';

/** `attendance:headcount` (endpoint) and `attendance:snapshot` (the session's host, or an admin). */
export function attendanceHandlers(ctx: AppContext): HandlerTable {
  return {
    'attendance:headcount': {
      roles: ['endpoint'],
      handle: async (hctx, { count }) =>
        attendanceService(ctx).reportHeadcount(joinedSession(hctx), hctx.identity.subject, count),
    },
    'attendance:snapshot': {
      roles: STAFF_ROLES,
      handle: (hctx) => attendanceService(ctx).panel(hctx.identity, joinedSession(hctx)),
    },
  };
}
