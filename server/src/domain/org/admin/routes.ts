import { Router } from 'express';
import { API, STAFF_ROLES } from '@diem-cau/shared';
import { route } from '../../../http/typedRoute.js';
import { receiveFile } from '../../../http/upload.js';
import type { AppContext } from '../../../context/types.js';
import { requireAuth } from '../../../auth/requireAuth.js';
import { exportTable } from '../import/exporters.js';
import { IMPORTERS } from '../import/importers.js';
import { readSheet } from '../import/sheet.js';
import { orgAdminService, orgArchive } from '../services.js';
import { actorOf, auditLog } from '../../audit/index.js';

/**
 * Administration of units, endpoints and members (admins; those with records are archived, not
 * deleted), the member list (admins and hosts), and CSV/XLSX import (one transaction: any bad row
 * imports nothing) and export (admins).
 */
export function orgAdminRoutes(ctx: AppContext): Router {
  const router = Router();
  const admin = requireAuth(ctx, ['admin']);
  const staff = requireAuth(ctx, STAFF_ROLES);
  const service = orgAdminService(ctx);
  const archive = orgArchive(ctx);
  const uploads = ctx.config.uploads;
  const receive = receiveFile(uploads.importMaxBytes, uploads);
  const limits = {
    maxRows: uploads.orgImportMaxRows,
    maxUncompressedBytes: uploads.xlsxMaxUncompressedBytes,
    maxCompressionRatio: uploads.xlsxMaxCompressionRatio,
  };

  route(router, API.org.createUnit, admin, ({ body, req }) => service.createUnit(body, actorOf(req)));
  route(router, API.org.updateUnit, admin, ({ params, body, req }) =>
    service.updateUnit(params.id, body, actorOf(req)),
  );
  route(router, API.org.deleteUnit, admin, ({ params, req }) => service.deleteUnit(params.id, actorOf(req)));

  route(router, API.org.createEndpoint, admin, ({ body, req }) => service.createEndpoint(body, actorOf(req)));
  route(router, API.org.updateEndpoint, admin, ({ params, body, req }) =>
    service.updateEndpoint(params.id, body, actorOf(req)),
  );
  route(router, API.org.deleteEndpoint, admin, ({ params, req }) => service.deleteEndpoint(params.id, actorOf(req)));
  route(router, API.org.archiveEndpoint, admin, ({ params, req }) => archive.archiveEndpoint(params.id, actorOf(req)));
  route(router, API.org.restoreEndpoint, admin, ({ params, req }) => archive.restoreEndpoint(params.id, actorOf(req)));

  route(router, API.org.listMembers, staff, ({ query }) => service.listMembers(query));
  route(router, API.org.getMember, staff, ({ params }) => service.getMember(params.id));
  route(router, API.org.createMember, admin, ({ body, req }) => service.createMember(body, actorOf(req)));
  route(router, API.org.updateMember, admin, ({ params, body, req }) =>
    service.updateMember(params.id, body, actorOf(req)),
  );
  route(router, API.org.deleteMember, admin, ({ params, req }) => service.deleteMember(params.id, actorOf(req)));
  route(router, API.org.archiveMember, admin, ({ params, req }) => archive.archiveMember(params.id, actorOf(req)));
  route(router, API.org.restoreMember, admin, ({ params, req }) => archive.restoreMember(params.id, actorOf(req)));

  route(router, API.org.importTable, admin, ({ params: { table }, req, res }) =>
    receive(req, res, async (file) => {
      const rows = await readSheet(file.path, limits);
      // The entry is written in the import's transaction: no import without its entry.
      const result = await IMPORTERS[table](ctx.db, rows, limits.maxRows, (trx, imported) =>
        auditLog(ctx).record(
          {
            actor: actorOf(req),
            action: 'org.import',
            target: { type: 'org_table', id: table },
            after: {
              file: file.originalname,
              rows: imported.rows,
              created: imported.created,
              updated: imported.updated,
              warnings: imported.warnings.length,
            },
          },
          trx,
        ),
      );
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
