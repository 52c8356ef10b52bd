import { Router } from 'express';
import { API, STAFF_ROLES } from '@diem-cau/shared';
import { identityOf, requireAuth } from '../../auth/requireAuth.js';
import type { AppContext } from '../../context/types.js';
import { route } from '../../http/typedRoute.js';
import { attendanceService } from './services.js';

/** Attendance views for the session's host and admins. */
export function attendanceRoutes(ctx: AppContext): Router {
  const router = Router();
  const staff = requireAuth(ctx, STAFF_ROLES);

  /** The computed view of the stored evidence (merged intervals, reconnects, head-counts, members). */
  route(router, API.attendance.session, staff, ({ params, req }) =>
    attendanceService(ctx).view(identityOf(req), params.id),
  );

  /** The live panel's figures (as pushed over Socket.IO). */
  route(router, API.attendance.live, staff, ({ params, req }) =>
    attendanceService(ctx).panel(identityOf(req), params.id),
  );

  return router;
}
