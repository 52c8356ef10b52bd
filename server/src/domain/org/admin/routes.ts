import { Router } from 'express';
import {
  createEndpointRequestSchema,
  createUnitRequestSchema,
  exportQuerySchema,
  idSchema,
  listMembersQuerySchema,
  memberInputSchema,
  orgTableSchema,
  STAFF_ROLES,
  updateEndpointRequestSchema,
  updateMemberRequestSchema,
  updateUnitRequestSchema,
} from '@diem-cau/shared';
import { z } from 'zod';
import { receiveFile } from '../../../http/upload.js';
import { parseInput } from '../../../http/validate.js';
import type { AppContext } from '../../../context/types.js';
import { requireAuth } from '../../../auth/requireAuth.js';
import { exportTable } from '../import/exporters.js';
import { IMPORTERS } from '../import/importers.js';
import { detectSheetFormat, readSheet } from '../import/sheet.js';
import { orgAdminService } from '../services.js';

const idParams = z.object({ id: idSchema });
const tableParams = z.object({ table: orgTableSchema });

/**
 * Administration of units, endpoints and members (admins), the member list (admins and hosts), and
 * CSV/XLSX import (one transaction: any bad row imports nothing) and export (admins).
 */
export function orgAdminRoutes(ctx: AppContext): Router {
  const router = Router();
  const admin = requireAuth(ctx, ['admin']);
  const staff = requireAuth(ctx, STAFF_ROLES);
  const service = orgAdminService(ctx);
  const receive = receiveFile(ctx.config.uploads.importMaxBytes);

  router.post('/org/units', admin, async (req, res) => {
    res.status(201).json(await service.createUnit(parseInput(createUnitRequestSchema, req.body, 'unit')));
  });
  router.patch('/org/units/:id', admin, async (req, res) => {
    const { id } = parseInput(idParams, req.params, 'unit id');
    res.json(await service.updateUnit(id, parseInput(updateUnitRequestSchema, req.body, 'unit')));
  });
  router.delete('/org/units/:id', admin, async (req, res) => {
    await service.deleteUnit(parseInput(idParams, req.params, 'unit id').id);
    res.status(204).end();
  });

  router.post('/org/endpoints', admin, async (req, res) => {
    res.status(201).json(await service.createEndpoint(parseInput(createEndpointRequestSchema, req.body, 'endpoint')));
  });
  router.patch('/org/endpoints/:id', admin, async (req, res) => {
    const { id } = parseInput(idParams, req.params, 'endpoint id');
    res.json(await service.updateEndpoint(id, parseInput(updateEndpointRequestSchema, req.body, 'endpoint')));
  });
  router.delete('/org/endpoints/:id', admin, async (req, res) => {
    await service.deleteEndpoint(parseInput(idParams, req.params, 'endpoint id').id);
    res.status(204).end();
  });

  router.get('/org/members', staff, async (req, res) => {
    res.json(await service.listMembers(parseInput(listMembersQuerySchema, req.query, 'query')));
  });
  router.get('/org/members/:id', staff, async (req, res) => {
    res.json(await service.getMember(parseInput(idParams, req.params, 'member id').id));
  });
  router.post('/org/members', admin, async (req, res) => {
    res.status(201).json(await service.createMember(parseInput(memberInputSchema, req.body, 'member')));
  });
  router.patch('/org/members/:id', admin, async (req, res) => {
    const { id } = parseInput(idParams, req.params, 'member id');
    res.json(await service.updateMember(id, parseInput(updateMemberRequestSchema, req.body, 'member')));
  });
  router.delete('/org/members/:id', admin, async (req, res) => {
    await service.deleteMember(parseInput(idParams, req.params, 'member id').id);
    res.status(204).end();
  });

  router.post('/org/import/:table', admin, async (req, res) => {
    const { table } = parseInput(tableParams, req.params, 'table');
    const file = await receive(req, res);
    const rows = await readSheet(file.buffer, await detectSheetFormat(file.buffer));
    const result = await IMPORTERS[table](ctx.db, rows);
    ctx.log.info({ module: 'org-import', ...result }, 'organisation file imported');
    res.json(result);
  });

  router.get('/org/export/:table', admin, async (req, res) => {
    const { table } = parseInput(tableParams, req.params, 'table');
    const { format } = parseInput(exportQuerySchema, req.query, 'query');
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
