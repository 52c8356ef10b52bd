import { Router } from 'express';
import {
  createWebhookRequestSchema,
  idSchema,
  listDeliveriesQuerySchema,
  updateWebhookRequestSchema,
} from '@diem-cau/shared';
import { z } from 'zod';
import { parseInput } from '../../http/validate.js';
import type { AppContext } from '../../context/types.js';
import { identityOf, requireAuth } from '../../auth/requireAuth.js';
import { webhookService } from './services.js';

const idParams = z.object({ id: idSchema });

/** Webhook administration (admins only): CRUD, secret rotation, ping, delivery log and redelivery. */
export function webhookRoutes(ctx: AppContext): Router {
  const router = Router();
  const hooks = webhookService(ctx);
  const admin = requireAuth(ctx, ['admin']);

  router.get('/webhooks', admin, async (_req, res) => {
    res.json(await hooks.list());
  });

  router.post('/webhooks', admin, async (req, res) => {
    const body = parseInput(createWebhookRequestSchema, req.body, 'webhook');
    res.status(201).json(await hooks.create(identityOf(req).subject, body));
  });

  router.patch('/webhooks/:id', admin, async (req, res) => {
    const { id } = parseInput(idParams, req.params, 'webhook id');
    const body = parseInput(updateWebhookRequestSchema, req.body, 'webhook');
    res.json(await hooks.update(id, body));
  });

  router.delete('/webhooks/:id', admin, async (req, res) => {
    const { id } = parseInput(idParams, req.params, 'webhook id');
    await hooks.remove(id);
    res.status(204).end();
  });

  router.post('/webhooks/:id/rotate-secret', admin, async (req, res) => {
    const { id } = parseInput(idParams, req.params, 'webhook id');
    res.json(await hooks.rotateSecret(id));
  });

  router.post('/webhooks/:id/ping', admin, async (req, res) => {
    const { id } = parseInput(idParams, req.params, 'webhook id');
    await hooks.ping(id);
    res.status(202).json({ queued: true });
  });

  router.get('/webhooks/:id/deliveries', admin, async (req, res) => {
    const { id } = parseInput(idParams, req.params, 'webhook id');
    const query = parseInput(listDeliveriesQuerySchema, req.query, 'query');
    res.json(await hooks.deliveries(id, query));
  });

  router.post('/webhooks/deliveries/:id/redeliver', admin, async (req, res) => {
    const { id } = parseInput(idParams, req.params, 'delivery id');
    res.json(await hooks.redeliver(id));
  });

  return router;
}
