import { Router } from 'express';
import { API } from '@diem-cau/shared';
import type { AppContext } from '../../context/types.js';
import { identityOf, requireAuth } from '../../auth/requireAuth.js';
import { sessionQueries } from '../sessions/index.js';
import { route } from '../../http/typedRoute.js';

/**
 * GET /api/checkin/sessions — the sessions a member can check in to now (scheduled or live), for
 * the phone page when it was not opened from a QR link. Titles only; nothing about attendance.
 */
export function checkinRoutes(ctx: AppContext): Router {
  const router = Router();
  route(router, API.checkin.sessions, requireAuth(ctx, ['member', 'admin', 'host']), ({ req }) =>
    sessionQueries.joinableSessions(ctx.db, identityOf(req).sessionId),
  );
  return router;
}
