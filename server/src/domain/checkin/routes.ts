import { Router } from 'express';
import { API } from '@diem-cau/shared';
import type { AppContext } from '../../context/types.js';
import { requireAuth } from '../../auth/requireAuth.js';
import { route } from '../../http/typedRoute.js';

/**
 * GET /api/checkin/sessions — the sessions a member can check in to now (scheduled or live), for
 * the phone page when it was not opened from a QR link. Titles only; nothing about attendance.
 */
export function checkinRoutes(ctx: AppContext): Router {
  const router = Router();
  route(router, API.checkin.sessions, requireAuth(ctx, ['member', 'admin', 'host']), async ({ req }) => {
    const bound = req.identity?.sessionId;
    let q = ctx.db
      .selectFrom('sessions')
      .select(['id', 'title', 'status', 'scheduled_start', 'started_at'])
      .where('status', 'in', ['scheduled', 'live']);
    if (bound) q = q.where('id', '=', bound);
    const rows = await q.orderBy('status').orderBy('scheduled_start').limit(50).execute();
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      status: r.status,
      scheduledStart: r.scheduled_start,
      startedAt: r.started_at,
    }));
  });
  return router;
}
