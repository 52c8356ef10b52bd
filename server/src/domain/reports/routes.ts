import { Router, type Response } from 'express';
import {
  exportCsvQuerySchema,
  idSchema,
  listReportsQuerySchema,
  liveReportQuerySchema,
  rangeReportRequestSchema,
  reportIdSchema,
  STAFF_ROLES,
} from '@diem-cau/shared';
import { z } from 'zod';
import { parseInput } from '../../http/validate.js';
import type { AppContext } from '../../context/types.js';
import { identityOf, requireAuth } from '../../auth/requireAuth.js';
import { reportService } from './services.js';

const sessionParams = z.object({ sessionId: idSchema });
const reportParams = z.object({ id: reportIdSchema });
const sessionReportBody = z.object({ districtId: idSchema.optional() }).strict();

const CONTENT_TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
} as const;

function sendFile(res: Response, format: 'xlsx' | 'csv', file: { filename: string; content: Buffer }): void {
  res.setHeader('Content-Type', CONTENT_TYPES[format]);
  res.setHeader('Content-Disposition', `attachment; filename="${file.filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`);
  res.setHeader('Cache-Control', 'private, no-store');
  res.send(file.content);
}

/**
 * Reports: ask for one (202 + its id, which is the job id), poll its status and progress, read its
 * result, download the workbook or a table as CSV; live figures of a running session.
 */
export function reportRoutes(ctx: AppContext): Router {
  const router = Router();
  const reports = reportService(ctx);
  const staff = requireAuth(ctx, STAFF_ROLES);

  router.post('/reports/sessions/:sessionId', staff, async (req, res) => {
    const { sessionId } = parseInput(sessionParams, req.params, 'session id');
    const body = parseInput(sessionReportBody, req.body, 'report request');
    res.status(202).json(await reports.requestSessionReport(identityOf(req), sessionId, body.districtId ?? null));
  });

  router.get('/reports/sessions/:sessionId/live', staff, async (req, res) => {
    const { sessionId } = parseInput(sessionParams, req.params, 'session id');
    const query = parseInput(liveReportQuerySchema, req.query, 'query');
    res.setHeader('Cache-Control', 'no-store');
    res.json(await reports.live(identityOf(req), sessionId, query.districtId ?? null));
  });

  router.post('/reports/range', staff, async (req, res) => {
    const body = parseInput(rangeReportRequestSchema, req.body, 'report request');
    res.status(202).json(await reports.requestRangeReport(identityOf(req), body));
  });

  router.get('/reports', staff, async (req, res) => {
    const query = parseInput(listReportsQuerySchema, req.query, 'query');
    res.json(await reports.list(identityOf(req), query));
  });

  router.get('/reports/:id', staff, async (req, res) => {
    const { id } = parseInput(reportParams, req.params, 'report id');
    res.json(await reports.info(identityOf(req), id));
  });

  router.get('/reports/:id/result', staff, async (req, res) => {
    const { id } = parseInput(reportParams, req.params, 'report id');
    res.json(await reports.result(identityOf(req), id));
  });

  router.get('/reports/:id/export.xlsx', staff, async (req, res) => {
    const { id } = parseInput(reportParams, req.params, 'report id');
    sendFile(res, 'xlsx', await reports.file(identityOf(req), id, 'xlsx', ''));
  });

  router.get('/reports/:id/export.csv', staff, async (req, res) => {
    const { id } = parseInput(reportParams, req.params, 'report id');
    const { table } = parseInput(exportCsvQuerySchema, req.query, 'query');
    sendFile(res, 'csv', await reports.file(identityOf(req), id, 'csv', table));
  });

  return router;
}
