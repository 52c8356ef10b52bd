import { Router } from 'express';
import { ANY_ROLE, API, STAFF_ROLES } from '@diem-cau/shared';
import { route } from '../../http/typedRoute.js';
import type { AppContext } from '../../context/types.js';
import { identityOf, requireAuth } from '../../auth/requireAuth.js';
import { documentService } from './services.js';
import { sendStoredFile } from '../../http/sendStoredFile.js';
import { receiveFile } from '../../http/upload.js';
import { actorOf } from '../audit/index.js';

/**
 * Session documents: upload and delete (host/admin), list and download (staff, endpoints, members);
 * downloads stream from the file store with range requests.
 */
export function documentRoutes(ctx: AppContext): Router {
  const router = Router();
  const docs = documentService(ctx);
  const staff = requireAuth(ctx, STAFF_ROLES);
  const anyone = requireAuth(ctx, ANY_ROLE);
  const receive = receiveFile(ctx.config.uploads.documentMaxBytes, ctx.config.uploads);

  route(router, API.documents.upload, staff, ({ params, query, req, res }) =>
    receive(req, res, (file) => docs.upload(actorOf(req), params.id, query.kind, query.title, file)),
  );

  route(router, API.documents.list, anyone, ({ params, req }) => docs.list(identityOf(req), params.id));

  route(router, API.documents.download, anyone, async ({ params, req, res }) => {
    const doc = await docs.read(identityOf(req), params.id, params.documentId);
    await sendStoredFile(req, res, {
      sizeBytes: doc.sizeBytes,
      sha256: doc.sha256,
      contentType: doc.mimeType,
      filename: doc.filename,
      lastModified: new Date(doc.uploadedAt),
      // A document never changes under its id: a browser keeps it and asks again (304) on a slow link.
      cacheControl: 'private, no-cache',
      open: doc.open,
    });
  });

  route(router, API.documents.remove, staff, ({ params, req }) =>
    docs.remove(actorOf(req), params.id, params.documentId),
  );

  return router;
}
