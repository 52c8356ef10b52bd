import { Router } from 'express';
import {
  ANY_ROLE,
  changeMemberPinRequestSchema,
  createAccountRequestSchema,
  deviceSessionRequestSchema,
  endpointLoginRequestSchema,
  endpointPairRequestSchema,
  loginRequestSchema,
  memberLoginRequestSchema,
} from '@diem-cau/shared';
import { parseInput } from '../../http/validate.js';
import type { AppContext } from '../../context/types.js';
import { accountService } from './services.js';
import { authService } from './services.js';
import { loginRateLimit } from '../../http/loginRateLimit.js';
import { devicePairing } from './services.js';
import { identityOf, requireAuth, requireDevice } from '../../auth/requireAuth.js';

/** Sign-in routes and account management (admin only). */
export function accountRoutes(ctx: AppContext): Router {
  const router = Router();
  const auth = authService(ctx);

  router.post('/auth/login', loginRateLimit({ field: 'username' }), async (req, res) => {
    const body = parseInput(loginRequestSchema, req.body, 'login');
    res.json(await auth.login(body.username, body.password));
  });

  // Keys are unguessable; the limit (per IP) only slows down a client hammering the route.
  router.post('/auth/endpoint', loginRateLimit({ field: '', limit: 20 }), async (req, res) => {
    const body = parseInput(endpointLoginRequestSchema, req.body, 'endpoint sign-in');
    res.json(await auth.endpointLogin(body.endpointKey, body.sessionId));
  });

  router.post('/auth/endpoint/pair', loginRateLimit({ field: '', limit: 20 }), async (req, res) => {
    const body = parseInput(endpointPairRequestSchema, req.body, 'pairing');
    res.set('Cache-Control', 'no-store').json(await devicePairing(ctx).pair(body.endpointKey));
  });

  router.post('/auth/endpoint/device-session', requireDevice(ctx), async (req, res) => {
    const body = parseInput(deviceSessionRequestSchema, req.body, 'device session');
    res.json(await devicePairing(ctx).sessionToken(identityOf(req), body.sessionId));
  });

  router.get('/endpoint/standby', requireDevice(ctx), async (req, res) => {
    res.set('Cache-Control', 'no-store').json(await devicePairing(ctx).standby(identityOf(req)));
  });

  router.post('/auth/member', loginRateLimit({ field: 'memberNumber' }), async (req, res) => {
    const body = parseInput(memberLoginRequestSchema, req.body, 'member sign-in');
    res.json(await auth.memberLogin(body.memberNumber, body.pin, body.sessionId));
  });

  router.post(
    '/auth/member/pin',
    requireAuth(ctx, ['member']),
    loginRateLimit({ field: '', limit: 10 }),
    async (req, res) => {
      const body = parseInput(changeMemberPinRequestSchema, req.body, 'PIN change');
      await auth.changeMemberPin(identityOf(req).subject, body.currentPin, body.newPin);
      res.status(204).end();
    },
  );

  router.get('/auth/me', requireAuth(ctx, ANY_ROLE), (req, res) => {
    res.json(identityOf(req));
  });

  router.get('/accounts', requireAuth(ctx, ['admin']), async (_req, res) => {
    res.json(await accountService(ctx).list());
  });

  router.post('/accounts', requireAuth(ctx, ['admin']), async (req, res) => {
    const body = parseInput(createAccountRequestSchema, req.body, 'account');
    res.status(201).json(await accountService(ctx).create(body));
  });

  return router;
}
