import { Router } from 'express';
import { ANY_ROLE, API, STAFF_ROLES } from '@diem-cau/shared';
import type { AppContext } from '../../context/types.js';
import { identityOf, requireAuth } from '../../auth/requireAuth.js';
import { route } from '../../http/typedRoute.js';
import { actorOf } from '../audit/index.js';
import { makeupErrors } from './errors.js';
import { hallMakeups, studyService } from './services.js';

/** Make-up study: members study and send playback heartbeats; staff set it up and follow it. */
export function makeupRoutes(ctx: AppContext): Router {
  const router = Router();
  const study = studyService(ctx);
  const member = requireAuth(ctx, ['member']);
  const staff = requireAuth(ctx, STAFF_ROLES);
  const anyone = requireAuth(ctx, ANY_ROLE);
  // The standby screen of a paired TV opens its hall make-up with its device credential.
  const anyoneOrDevice = requireAuth(ctx, ANY_ROLE, { allowDevice: true });
  const endpoint = requireAuth(ctx, ['endpoint'], { allowDevice: true });
  const halls = hallMakeups(ctx);

  route(router, API.makeupStudy.list, member, ({ req }) => study.list(identityOf(req)));
  route(router, API.makeupStudy.status, member, ({ params, req }) => study.status(identityOf(req), params.sessionId));
  route(router, API.makeupStudy.startPlayback, member, ({ params, req }) =>
    study.startPlayback(identityOf(req), params.sessionId),
  );
  route(router, API.makeupStudy.heartbeat, member, ({ params, body, req }) =>
    study.heartbeat(identityOf(req), params.sessionId, body),
  );
  route(router, API.makeupStudy.progress, staff, ({ params, req }) => study.progress(identityOf(req), params.id));
  route(router, API.makeupStudy.updateSettings, staff, ({ params, body, req }) =>
    study.updateSettings(actorOf(req), params.id, body),
  );
  route(router, API.makeupStudy.assign, staff, ({ params, body, req }) =>
    study.assign(actorOf(req), params.id, body.memberIds),
  );
  route(router, API.makeupStudy.hallChoices, endpoint, ({ req, res }) => {
    res.set('Cache-Control', 'no-store');
    return halls.choices(identityOf(req));
  });
  route(router, API.makeupStudy.openHall, anyoneOrDevice, ({ body, req }) => {
    const identity = identityOf(req);
    const endpointId = identity.role === 'endpoint' ? identity.subject : body.endpointId;
    if (!endpointId) throw makeupErrors.hallNeedsEndpoint();
    return halls.open(identity, body.sessionId, endpointId);
  });
  route(router, API.makeupStudy.hall, anyone, ({ params, req }) => halls.get(identityOf(req), params.sessionId));
  route(router, API.makeupStudy.endHall, anyone, async ({ params, req }) => {
    await halls.end(identityOf(req), params.sessionId);
    return { ended: true as const };
  });
  return router;
}
