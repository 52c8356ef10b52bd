import { Router } from 'express';
import { API } from '@diem-cau/shared';
import { route } from '../../http/typedRoute.js';
import type { AppContext } from '../../context/types.js';
import { identityOf, requireAuth } from '../../auth/requireAuth.js';
import { webhookService } from './services.js';

/** Webhook administration (admins only): CRUD, secret rotation, ping, delivery log and redelivery. */
export function webhookRoutes(ctx: AppContext): Router {
  const router = Router();
  const hooks = webhookService(ctx);
  const admin = requireAuth(ctx, ['admin']);

  route(router, API.webhooks.list, admin, () => hooks.list());

  route(router, API.webhooks.create, admin, ({ body, req }) => hooks.create(identityOf(req).subject, body));

  route(router, API.webhooks.update, admin, ({ params, body }) => hooks.update(params.id, body));

  route(router, API.webhooks.remove, admin, ({ params }) => hooks.remove(params.id));

  route(router, API.webhooks.rotateSecret, admin, ({ params }) => hooks.rotateSecret(params.id));

  route(router, API.webhooks.ping, admin, async ({ params }) => {
    await hooks.ping(params.id);
    return { queued: true };
  });

  route(router, API.webhooks.deliveries, admin, ({ params, query }) => hooks.deliveries(params.id, query));

  route(router, API.webhooks.redeliver, admin, ({ params }) => hooks.redeliver(params.id));

  return router;
}
