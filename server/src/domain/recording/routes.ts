import { Router } from 'express';
import { ANY_ROLE, API, STAFF_ROLES } from '@diem-cau/shared';
import type { AppContext } from '../../context/types.js';
import { identityOf, requireAuth } from '../../auth/requireAuth.js';
import { route } from '../../http/typedRoute.js';
import { sendStoredFile } from '../../http/sendStoredFile.js';
import { actorOf } from '../audit/index.js';
import { recordingService } from './services.js';

/**
 * Recordings: the host controls the live recording; staff list, download and (admins) delete;
 * whoever may watch gets the replay manifest. Files are served to the holder of the manifest's
 * signed link, with range requests, since a <video> element sends no Authorization header.
 */
export function recordingRoutes(ctx: AppContext): Router {
  const router = Router();
  const recordings = recordingService(ctx);
  const staff = requireAuth(ctx, STAFF_ROLES);
  const anyone = requireAuth(ctx, ANY_ROLE);

  route(router, API.recordings.listForSession, staff, ({ params, req }) =>
    recordings.listForSession(identityOf(req), params.id),
  );
  route(router, API.recordings.pause, staff, ({ params, req }) => recordings.pause(identityOf(req), params.id));
  route(router, API.recordings.resume, staff, ({ params, req }) => recordings.resume(identityOf(req), params.id));
  route(router, API.recordings.setEnabled, staff, ({ params, body, req }) =>
    recordings.setEnabled(actorOf(req), params.id, body.enabled),
  );
  // Before `get`: `storage` would otherwise be read as a recording's id.
  route(router, API.recordings.storage, staff, ({ req }) => recordings.storage(identityOf(req)));
  route(router, API.recordings.get, anyone, ({ params, req }) => recordings.get(identityOf(req), params.id));
  route(router, API.recordings.file, async ({ params, query, req, res }) => {
    await sendStoredFile(req, res, await recordings.file(query.t, params.id, params.name));
  });
  route(router, API.recordings.requestDownload, staff, ({ params, req }) =>
    recordings.requestDownload(identityOf(req), params.id),
  );
  route(router, API.recordings.remove, staff, ({ params, req }) => recordings.remove(actorOf(req), params.id));

  return router;
}
