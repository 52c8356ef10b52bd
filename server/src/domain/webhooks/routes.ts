import { Router } from 'express';
import { API } from '@diem-cau/shared';
import { route } from '../../http/typedRoute.js';
import type { AppContext } from '../../context/types.js';
import { identityOf, requireAuth } from '../../auth/requireAuth.js';
import { webhookService } from './services.js';
import { actorOf } from '../audit/index.js';

/** Webhook administration (admins only): CRUD, secret rotation, ping, delivery log and redelivery. */
export function webhookRoutes(ctx: AppContext): Router {
  const router = Router();
  const hooks = webhookService(ctx);
  const admin = requireAuth(ctx, ['admin']);

  route(router, API.webhooks.list, admin, () => hooks.list());

  route(router, API.webhooks.create, admin, ({ body, req }) =>
    hooks.create(identityOf(req).subject, body, actorOf(req)),
  );

  route(router, API.webhooks.update, admin, ({ params, body, req }) => hooks.update(params.id, body, actorOf(req)));

  route(router, API.webhooks.remove, admin, ({ params, req }) => hooks.remove(params.id, actorOf(req)));

  route(router, API.webhooks.rotateSecret, admin, ({ params, req }) => hooks.rotateSecret(params.id, actorOf(req)));

  route(router, API.webhooks.ping, admin, async ({ params }) => {
    await hooks.ping(params.id);
    return { queued: true };
  });

  route(router, API.webhooks.deliveries, admin, ({ params, query }) => hooks.deliveries(params.id, query));

  route(router, API.webhooks.redeliver, admin, ({ params, req }) => hooks.redeliver(params.id, actorOf(req)));

  return router;
}
