import { randomUUID } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import {
  bulkEndpointKeysRequestSchema,
  bulkPinsRequestSchema,
  idSchema,
  listEndpointsQuerySchema,
  listUnitsQuerySchema,
  type PinBatch,
  STAFF_ROLES,
} from '@diem-cau/shared';
import { z } from 'zod';
import { AppError } from '../../errors/AppError.js';
import { parseInput } from '../../http/validate.js';
import { jobQueues } from '../../jobs/index.js';
import { JOB_NAMES } from '../../jobs/index.js';
import type { AppContext } from '../../context/types.js';
import { requireAuth } from '../../auth/requireAuth.js';
import { orgService } from './services.js';
import { endpointProvisioning } from './services.js';
import { oneTimeFiles } from './services.js';

const idParams = z.object({ id: idSchema });
const sheetParams = z.object({ id: idSchema, format: z.enum(['pdf', 'xlsx']) });

/** Reading the organisation tree (admins, hosts), rotating endpoint keys and issuing PINs (admins). */
export function orgRoutes(ctx: AppContext): Router {
  const router = Router();
  const org = orgService(ctx);
  const staff = requireAuth(ctx, STAFF_ROLES);
  const admin = requireAuth(ctx, ['admin']);

  router.get('/org/units', staff, async (req, res) => {
    res.json(await org.listUnits(parseInput(listUnitsQuerySchema, req.query, 'query')));
  });

  router.get('/org/endpoints', staff, async (req, res) => {
    res.json(await org.listEndpoints(parseInput(listEndpointsQuerySchema, req.query, 'query')));
  });

  // Before /org/endpoints/:id/key. New keys for a set of endpoints, only ever shown in the one-time sheet.
  router.post('/org/endpoints/keys', admin, async (req, res) => {
    const body = parseInput(bulkEndpointKeysRequestSchema, req.body, 'endpoint selection');
    const baseUrl = `${req.protocol}://${req.get('host') ?? 'localhost'}`;
    res
      .status(201)
      .set('Cache-Control', 'no-store')
      .json(await endpointProvisioning(ctx).issue(body, baseUrl));
  });

  // A one-time file: handed out once, then deleted (it holds keys or PINs).
  const sendOnce =
    (fileName: string, what: string): RequestHandler =>
    (req, res, next) => {
      const { id, format } = parseInput(sheetParams, req.params, what);
      const files = oneTimeFiles(ctx);
      const file = files.take(id, format);
      res.set('Cache-Control', 'no-store');
      res.download(file, `${fileName}.${format}`, (error) => {
        if (error) return next(error);
        files.consumed(id, format);
      });
    };
  router.get('/org/endpoint-sheets/:id/:format', admin, sendOnce('phieu-ghep-noi-diem-cau', 'endpoint sheet'));

  router.post('/org/endpoints/:id/key', admin, async (req, res) => {
    const { id } = parseInput(idParams, req.params, 'endpoint id');
    res.set('Cache-Control', 'no-store').json(await org.rotateKey(id));
  });

  router.post('/org/members/pins', admin, async (req, res) => {
    const body = parseInput(bulkPinsRequestSchema, req.body, 'member selection');
    if (body.unitId && !(await org.unitExists(body.unitId))) throw new AppError('NOT_FOUND', 'No such unit');
    const batchId = randomUUID();
    const memberUrl = `${req.protocol}://${req.get('host') ?? 'localhost'}/member`;
    await jobQueues(ctx).pinSlips.add(JOB_NAMES.issuePins, { ...body, memberUrl }, { jobId: batchId });
    res
      .status(202)
      .json({ batchId, state: 'queued', progress: 0, count: null, sheetId: null, expiresAt: null } satisfies PinBatch);
  });

  router.get('/org/pin-batches/:id', admin, async (req, res) => {
    const { id } = parseInput(idParams, req.params, 'batch id');
    const job = await jobQueues(ctx).pinSlips.getJob(id);
    if (!job) throw new AppError('NOT_FOUND', 'No such PIN batch (batches are kept one hour)');
    const raw = await job.getState();
    const state: PinBatch['state'] =
      raw === 'completed' ? 'done' : raw === 'failed' ? 'failed' : raw === 'active' ? 'running' : 'queued';
    const result = job.returnvalue;
    res.set('Cache-Control', 'no-store').json({
      batchId: id,
      state,
      progress: typeof job.progress === 'number' ? job.progress : 0,
      count: state === 'done' ? result.count : null,
      sheetId: state === 'done' ? result.sheetId : null,
      expiresAt: state === 'done' ? result.expiresAt : null,
    } satisfies PinBatch);
  });

  router.get('/org/pin-slips/:id/:format', admin, sendOnce('phieu-pin-dang-vien', 'PIN slips'));

  router.post('/org/members/:id/pin', admin, async (req, res) => {
    const { id } = parseInput(idParams, req.params, 'member id');
    res.set('Cache-Control', 'no-store').json(await org.issueMemberPin(id));
  });

  return router;
}
