import { Router } from 'express';
import { API, STAFF_ROLES, type Identity } from '@diem-cau/shared';
import { AppError } from '../../errors/AppError.js';
import { route } from '../../http/typedRoute.js';
import type { AppContext } from '../../context/types.js';
import { identityOf, requireAuth } from '../../auth/requireAuth.js';
import { sessionService } from '../sessions/index.js';
import { livePanel } from './services.js';
import { sessionAttendanceView } from './SessionAttendanceView.js';

/** Attendance views for the session's host and admins. */
export function attendanceRoutes(ctx: AppContext): Router {
  const router = Router();
  const staff = requireAuth(ctx, STAFF_ROLES);
  const managed = async (actor: Identity, id: string) => {
    const session = await sessionService(ctx).requireSession(id);
    if (!sessionService(ctx).canManage(actor, session))
      throw new AppError('FORBIDDEN', 'Only the session host or an admin');
    return session;
  };

  /** The computed view of the stored evidence (merged intervals, reconnects, head-counts, members). */
  route(router, API.attendance.session, staff, async ({ params, req }) =>
    sessionAttendanceView(ctx, await managed(identityOf(req), params.id)),
  );

  /** The live panel's figures (as pushed over Socket.IO). */
  route(router, API.attendance.live, staff, async ({ params, req }) => {
    const session = await managed(identityOf(req), params.id);
    return livePanel(ctx).snapshot(session.id);
  });

  return router;
}
