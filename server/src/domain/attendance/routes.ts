import { Router } from 'express';
import { idSchema, STAFF_ROLES } from '@diem-cau/shared';
import { z } from 'zod';
import { AppError } from '../../errors/AppError.js';
import { parseInput } from '../../http/validate.js';
import type { AppContext } from '../../context/types.js';
import { identityOf, requireAuth } from '../../auth/requireAuth.js';
import { sessionService } from '../sessions/index.js';
import { livePanel } from './services.js';
import { sessionAttendanceView } from './SessionAttendanceView.js';

const idParams = z.object({ id: idSchema });

/** Attendance views for the session's host and admins. */
export function attendanceRoutes(ctx: AppContext): Router {
  const router = Router();
  const staff = requireAuth(ctx, STAFF_ROLES);
  const managed = async (req: Parameters<Parameters<Router['get']>[1]>[0]) => {
    const { id } = parseInput(idParams, req.params, 'session id');
    const session = await sessionService(ctx).requireSession(id);
    if (!sessionService(ctx).canManage(identityOf(req), session))
      throw new AppError('FORBIDDEN', 'Only the session host or an admin');
    return session;
  };

  /** The computed view of the stored evidence (merged intervals, reconnects, head-counts, members). */
  router.get('/sessions/:id/attendance', staff, async (req, res) => {
    res.json(await sessionAttendanceView(ctx, await managed(req)));
  });

  /** The live panel's figures (as pushed over Socket.IO). */
  router.get('/sessions/:id/attendance/live', staff, async (req, res) => {
    const session = await managed(req);
    res.json(await livePanel(ctx).snapshot(session.id));
  });

  return router;
}
