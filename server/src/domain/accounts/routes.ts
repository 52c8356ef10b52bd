import { Router } from 'express';
import { ANY_ROLE, API } from '@diem-cau/shared';
import { route } from '../../http/typedRoute.js';
import type { AppContext } from '../../context/types.js';
import { accountService, authService, devicePairing } from './services.js';
import { clientAddress, loginRateLimit } from '../../http/loginRateLimit.js';
import { identityOf, requireAuth, requireDevice } from '../../auth/requireAuth.js';
import { actorOf } from '../audit/index.js';

/** Sign-in routes and account management (admin only). */
export function accountRoutes(ctx: AppContext): Router {
  const router = Router();
  const auth = authService(ctx);

  // Staff and member sign-ins count against the shared limits of auth/signInLimiter.ts.
  route(router, API.auth.login, ({ body, req }) => auth.login(body.username, body.password, clientAddress(req)));

  // Keys are unguessable; the limit (failures per address) only slows down a client hammering the route.
  route(router, API.auth.endpointLogin, loginRateLimit(ctx, { name: 'endpoint-login', limit: 20 }), ({ body }) =>
    auth.endpointLogin(body.endpointKey, body.sessionId),
  );

  route(router, API.auth.endpointPair, loginRateLimit(ctx, { name: 'endpoint-pair', limit: 20 }), ({ body, res }) => {
    res.set('Cache-Control', 'no-store');
    return devicePairing(ctx).pair(body.endpointKey);
  });

  route(router, API.auth.deviceSession, requireDevice(ctx), ({ body, req }) =>
    devicePairing(ctx).sessionToken(identityOf(req), body.sessionId),
  );

  route(router, API.auth.standby, requireDevice(ctx), ({ req, res }) => {
    res.set('Cache-Control', 'no-store');
    return devicePairing(ctx).standby(identityOf(req));
  });

  route(router, API.auth.memberLogin, ({ body, req }) =>
    auth.memberLogin(body.memberNumber, body.pin, body.sessionId, clientAddress(req)),
  );

  // The current PIN counts against the member's sign-in limits and lock.
  route(router, API.auth.changeMemberPin, requireAuth(ctx, ['member']), ({ body, req }) =>
    auth.changeMemberPin(actorOf(req), body.currentPin, body.newPin, clientAddress(req)),
  );

  route(router, API.auth.me, requireAuth(ctx, ANY_ROLE), ({ req }) => identityOf(req));

  route(router, API.accounts.list, requireAuth(ctx, ['admin']), () => accountService(ctx).list());

  route(router, API.accounts.create, requireAuth(ctx, ['admin']), ({ body, req }) =>
    accountService(ctx).create(body, actorOf(req)),
  );

  return router;
}
