import { Router, type Request, type Response } from 'express';
import { API, STAFF_ROLES } from '@diem-cau/shared';
import { route } from '../../http/typedRoute.js';
import type { AppContext } from '../../context/types.js';
import { identityOf, requireAuth } from '../../auth/requireAuth.js';
import { sendStoredFile } from '../../http/sendStoredFile.js';
import type { ReportFileDownload } from './ReportService.js';
import { reportService } from './services.js';

const CONTENT_TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
} as const;

/** Streams an export from the file store, with range requests and its ETag. */
function sendExport(req: Request, res: Response, format: 'xlsx' | 'csv', file: ReportFileDownload): Promise<void> {
  return sendStoredFile(req, res, {
    sizeBytes: file.sizeBytes,
    sha256: file.sha256,
    contentType: CONTENT_TYPES[format],
    filename: file.filename,
    lastModified: file.createdAt,
    // Names, attendance and scores of members: nothing of it stays in a shared PC's browser cache.
    cacheControl: 'private, no-store',
    open: file.open,
  });
}

/**
 * Reports: ask for one (202 + its id, which is the job id), poll its status and progress, read its
 * result, download the workbook or a table as CSV; live figures of a running session.
 */
export function reportRoutes(ctx: AppContext): Router {
  const router = Router();
  const reports = reportService(ctx);
  const staff = requireAuth(ctx, STAFF_ROLES);

  route(router, API.reports.requestSession, staff, ({ params, body, req }) =>
    reports.requestSessionReport(identityOf(req), params.sessionId, body.districtId ?? null),
  );

  route(router, API.reports.live, staff, ({ params, query, req, res }) => {
    res.setHeader('Cache-Control', 'no-store');
    return reports.live(identityOf(req), params.sessionId, query.districtId ?? null);
  });

  route(router, API.reports.requestRange, staff, ({ body, req }) => reports.requestRangeReport(identityOf(req), body));

  route(router, API.reports.list, staff, ({ query, req }) => reports.list(identityOf(req), query));

  route(router, API.reports.info, staff, ({ params, req }) => reports.info(identityOf(req), params.id));

  route(router, API.reports.result, staff, ({ params, req }) => reports.result(identityOf(req), params.id));

  route(router, API.reports.exportXlsx, staff, async ({ params, req, res }) => {
    await sendExport(req, res, 'xlsx', await reports.file(identityOf(req), params.id, 'xlsx', ''));
  });

  route(router, API.reports.exportCsv, staff, async ({ params, query, req, res }) => {
    await sendExport(req, res, 'csv', await reports.file(identityOf(req), params.id, 'csv', query.table));
  });

  route(router, API.reports.linkTimeline, staff, ({ params, req, res }) => {
    res.setHeader('Cache-Control', 'no-store');
    return reports.linkTimeline(identityOf(req), params.sessionId, params.endpointId);
  });

  return router;
}
