import { Router } from 'express';
import { idSchema, listEndpointsQuerySchema, listUnitsQuerySchema } from '@diem-cau/shared';
import { z } from 'zod';
import { parseInput } from '../../http/validate.js';
import type { AppContext } from '../../modules/types.js';
import { requireAuth } from '../accounts/requireAuth.js';
import { orgService } from './OrgService.js';

const idParams = z.object({ id: idSchema });

/** Reading the organisation tree (admins, hosts), rotating endpoint keys and issuing PINs (admins). */
export function orgRoutes(ctx: AppContext): Router {
  const router = Router();
  const org = orgService(ctx);
  const staff = requireAuth(ctx, ['admin', 'host']);
  const admin = requireAuth(ctx, ['admin']);

  router.get('/org/units', staff, async (req, res) => {
    res.json(await org.listUnits(parseInput(listUnitsQuerySchema, req.query, 'query')));
  });

  router.get('/org/endpoints', staff, async (req, res) => {
    res.json(await org.listEndpoints(parseInput(listEndpointsQuerySchema, req.query, 'query')));
  });

  router.post('/org/endpoints/:id/key', admin, async (req, res) => {
    const { id } = parseInput(idParams, req.params, 'endpoint id');
    res.set('Cache-Control', 'no-store').json(await org.rotateKey(id));
  });

  router.post('/org/members/:id/pin', admin, async (req, res) => {
    const { id } = parseInput(idParams, req.params, 'member id');
    res.set('Cache-Control', 'no-store').json(await org.issueMemberPin(id));
  });

  return router;
}
