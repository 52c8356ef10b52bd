import { Router } from 'express';
import {
  createSessionRequestSchema,
  idSchema,
  inviteRequestSchema,
  listSessionsQuerySchema,
  scheduleSessionRequestSchema,
  STAFF_ROLES,
  updateSessionRequestSchema,
} from '@diem-cau/shared';
import { z } from 'zod';
import { parseInput } from '../../http/validate.js';
import type { AppContext } from '../../context/types.js';
import { loginRateLimit } from '../../http/loginRateLimit.js';
import { identityOf, requireAuth } from '../../auth/requireAuth.js';
import { sessionService } from './services.js';

const idParams = z.object({ id: idSchema });
const inviteParams = z.object({ id: idSchema, endpointId: idSchema });
const codeParams = z.object({ code: z.string().max(16) });

/** Session management for admins and hosts; changes are limited to the session's host or an admin. */
export function sessionRoutes(ctx: AppContext): Router {
  const router = Router();
  const sessions = sessionService(ctx);
  const staff = requireAuth(ctx, STAFF_ROLES);

  router.get('/sessions', staff, async (req, res) => {
    const query = parseInput(listSessionsQuerySchema, req.query, 'query');
    res.json(await sessions.list(query));
  });

  router.post('/sessions', staff, async (req, res) => {
    const body = parseInput(createSessionRequestSchema, req.body, 'session');
    res.status(201).json(await sessions.create(identityOf(req), body));
  });

  // Before /sessions/:id. Rate-limited like a sign-in: a code is short enough to guess at.
  router.get('/sessions/by-code/:code', loginRateLimit({ field: '', limit: 30 }), async (req, res) => {
    const { code } = parseInput(codeParams, req.params, 'session code');
    res.json(await sessions.findByCode(code));
  });

  router.get('/sessions/:id', staff, async (req, res) => {
    const { id } = parseInput(idParams, req.params, 'session id');
    res.json(await sessions.get(id));
  });

  router.patch('/sessions/:id', staff, async (req, res) => {
    const { id } = parseInput(idParams, req.params, 'session id');
    const body = parseInput(updateSessionRequestSchema, req.body, 'session');
    res.json(await sessions.update(identityOf(req), id, body));
  });

  router.post('/sessions/:id/schedule', staff, async (req, res) => {
    const { id } = parseInput(idParams, req.params, 'session id');
    const body = parseInput(scheduleSessionRequestSchema, req.body, 'schedule');
    res.json(await sessions.schedule(identityOf(req), id, body));
  });

  router.get('/sessions/:id/invites', staff, async (req, res) => {
    const { id } = parseInput(idParams, req.params, 'session id');
    await sessions.requireSession(id);
    res.json(await sessions.listInvitedEndpoints(id));
  });

  router.post('/sessions/:id/invites', staff, async (req, res) => {
    const { id } = parseInput(idParams, req.params, 'session id');
    const body = parseInput(inviteRequestSchema, req.body, 'invitation');
    res.json(await sessions.invite(identityOf(req), id, body));
  });

  router.delete('/sessions/:id/invites/:endpointId', staff, async (req, res) => {
    const { id, endpointId } = parseInput(inviteParams, req.params, 'invitation');
    res.json(await sessions.uninvite(identityOf(req), id, endpointId));
  });

  router.post('/sessions/:id/start', staff, async (req, res) => {
    const { id } = parseInput(idParams, req.params, 'session id');
    res.json(await sessions.start(identityOf(req), id));
  });

  router.post('/sessions/:id/end', staff, async (req, res) => {
    const { id } = parseInput(idParams, req.params, 'session id');
    res.json(await sessions.end(identityOf(req), id));
  });

  return router;
}
