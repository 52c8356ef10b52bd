import { Router } from 'express';
import { API, STAFF_ROLES } from '@diem-cau/shared';
import { route } from '../../../http/typedRoute.js';
import { receiveFile } from '../../../http/upload.js';
import type { AppContext } from '../../../context/types.js';
import { requireAuth } from '../../../auth/requireAuth.js';
import { exportTable } from '../import/exporters.js';
import { IMPORTERS } from '../import/importers.js';
import { readSheet } from '../import/sheet.js';
import { orgAdminService } from '../services.js';

/**
 * Administration of units, endpoints and members (admins), the member list (admins and hosts), and
 * CSV/XLSX import (one transaction: any bad row imports nothing) and export (admins).
 */
export function orgAdminRoutes(ctx: AppContext): Router {
  const router = Router();
  const admin = requireAuth(ctx, ['admin']);
  const staff = requireAuth(ctx, STAFF_ROLES);
  const service = orgAdminService(ctx);
  const uploads = ctx.config.uploads;
  const receive = receiveFile(uploads.importMaxBytes, uploads.tmpDir);
  const limits = {
    maxRows: uploads.orgImportMaxRows,
    maxUncompressedBytes: uploads.xlsxMaxUncompressedBytes,
    maxCompressionRatio: uploads.xlsxMaxCompressionRatio,
  };

  route(router, API.org.createUnit, admin, ({ body }) => service.createUnit(body));
  route(router, API.org.updateUnit, admin, ({ params, body }) => service.updateUnit(params.id, body));
  route(router, API.org.deleteUnit, admin, ({ params }) => service.deleteUnit(params.id));

  route(router, API.org.createEndpoint, admin, ({ body }) => service.createEndpoint(body));
  route(router, API.org.updateEndpoint, admin, ({ params, body }) => service.updateEndpoint(params.id, body));
  route(router, API.org.deleteEndpoint, admin, ({ params }) => service.deleteEndpoint(params.id));

  route(router, API.org.listMembers, staff, ({ query }) => service.listMembers(query));
  route(router, API.org.getMember, staff, ({ params }) => service.getMember(params.id));
  route(router, API.org.createMember, admin, ({ body }) => service.createMember(body));
  route(router, API.org.updateMember, admin, ({ params, body }) => service.updateMember(params.id, body));
  route(router, API.org.deleteMember, admin, ({ params }) => service.deleteMember(params.id));

  route(router, API.org.importTable, admin, ({ params: { table }, req, res }) =>
    receive(req, res, async (file) => {
      const rows = await readSheet(file.path, limits);
      const result = await IMPORTERS[table](ctx.db, rows, limits.maxRows);
      ctx.log.info({ module: 'org-import', ...result }, 'organisation file imported');
      return result;
    }),
  );

  route(router, API.org.exportTable, admin, async ({ params: { table }, query: { format }, res }) => {
    const file = await exportTable(ctx.db, table, format);
    res
      .set({
        'Content-Type': file.contentType,
        'Content-Disposition': `attachment; filename="${file.filename}"`,
        'Cache-Control': 'no-store',
      })
      .end(file.content);
  });

  return router;
}
