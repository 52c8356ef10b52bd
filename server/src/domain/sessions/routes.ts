import { Router } from 'express';
import { API, STAFF_ROLES } from '@diem-cau/shared';
import { route } from '../../http/typedRoute.js';
import type { AppContext } from '../../context/types.js';
import { loginRateLimit } from '../../http/loginRateLimit.js';
import { identityOf, requireAuth } from '../../auth/requireAuth.js';
import { sessionService } from './services.js';

/** Session management for admins and hosts; changes are limited to the session's host or an admin. */
export function sessionRoutes(ctx: AppContext): Router {
  const router = Router();
  const sessions = sessionService(ctx);
  const staff = requireAuth(ctx, STAFF_ROLES);

  route(router, API.sessions.list, staff, ({ query }) => sessions.list(query));

  route(router, API.sessions.create, staff, ({ body, req }) => sessions.create(identityOf(req), body, req.ip ?? null));

  // Before /sessions/:id. Rate-limited like a sign-in: a code is short enough to guess at.
  route(router, API.sessions.byCode, loginRateLimit(ctx, { name: 'session-code', limit: 30 }), ({ params }) =>
    sessions.findByCode(params.code),
  );

  route(router, API.sessions.get, staff, ({ params }) => sessions.get(params.id));

  route(router, API.sessions.update, staff, ({ params, body, req }) =>
    sessions.update(identityOf(req), params.id, body, req.ip ?? null),
  );

  route(router, API.sessions.schedule, staff, ({ params, body, req }) =>
    sessions.schedule(identityOf(req), params.id, body, req.ip ?? null),
  );

  route(router, API.sessions.listInvites, staff, async ({ params }) => {
    await sessions.requireSession(params.id);
    return sessions.listInvitedEndpoints(params.id);
  });

  route(router, API.sessions.invite, staff, ({ params, body, req }) =>
    sessions.invite(identityOf(req), params.id, body, req.ip ?? null),
  );

  route(router, API.sessions.uninvite, staff, ({ params, req }) =>
    sessions.uninvite(identityOf(req), params.id, params.endpointId, req.ip ?? null),
  );

  route(router, API.sessions.start, staff, ({ params, req }) =>
    sessions.start(identityOf(req), params.id, req.ip ?? null),
  );

  route(router, API.sessions.end, staff, ({ params, req }) => sessions.end(identityOf(req), params.id, req.ip ?? null));

  return router;
}
