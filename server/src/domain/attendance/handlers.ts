import { STAFF_ROLES } from '@diem-cau/shared';
import { AppError } from '../../errors/AppError.js';
import type { AppContext } from '../../context/types.js';
import { joinedSession } from '../../signaling/joinedSession.js';
import type { HandlerTable } from '../../signaling/types.js';
import { sessionService } from '../sessions/index.js';
import { attendanceService, livePanel } from './services.js';

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
      handle: async (hctx) => {
        const sessionId = joinedSession(hctx);
        const session = await sessionService(ctx).requireSession(sessionId);
        if (!sessionService(ctx).canManage(hctx.identity, session))
          throw new AppError('FORBIDDEN', 'Only the session host or an admin sees the panel');
        return livePanel(ctx).snapshot(sessionId);
      },
    },
  };
}
