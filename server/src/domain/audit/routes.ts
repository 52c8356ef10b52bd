import { Router } from 'express';
import { API } from '@diem-cau/shared';
import { route } from '../../http/typedRoute.js';
import { sendSheet } from '../../http/tableFile.js';
import type { AppContext } from '../../context/types.js';
import { requireAuth } from '../../auth/requireAuth.js';
import { auditLog } from './services.js';

/** The audit log for admins: filtered pages and CSV/XLSX exports. No route changes it. */
export function auditRoutes(ctx: AppContext): Router {
  const router = Router();
  const log = auditLog(ctx);
  const admin = requireAuth(ctx, ['admin']);

  route(router, API.audit.list, admin, ({ query }) => log.list(query));

  route(router, API.audit.export, admin, async ({ query: { format, ...filter }, res }) => {
    const table = await log.exportTable(filter);
    const day = new Date().toISOString().slice(0, 10);
    await sendSheet(res, table, format, `nhat-ky-thay-doi-${day}`);
  });

  return router;
}
