import { AppError } from '../../errors/AppError.js';
import type { AppContext } from '../../modules/types.js';
import { requireJoinedSession } from '../../signaling/requireJoinedSession.js';
import type { HandlerTable } from '../../signaling/types.js';
import { sessionService } from '../sessions/SessionService.js';
import { attendanceService } from './AttendanceService.js';
import { livePanel } from './LivePanel.js';

/** `attendance:headcount` (endpoint) and `attendance:snapshot` (the session's host, or an admin). */
export function attendanceHandlers(ctx: AppContext): HandlerTable {
  return {
    'attendance:headcount': {
      roles: ['endpoint'],
      handle: async (hctx, { count }) =>
        attendanceService(ctx).reportHeadcount(requireJoinedSession(hctx), hctx.identity.subject, count),
    },
    'attendance:snapshot': {
      roles: ['host', 'admin'],
      handle: async (hctx) => {
        const sessionId = requireJoinedSession(hctx);
        const session = await sessionService(ctx).requireSession(sessionId);
        if (!sessionService(ctx).canManage(hctx.identity, session))
          throw new AppError('FORBIDDEN', 'Only the session host or an admin sees the panel');
        return livePanel(ctx).snapshot(sessionId);
      },
    },
  };
}
