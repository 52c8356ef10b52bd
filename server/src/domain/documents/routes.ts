import { Router } from 'express';
import { ANY_ROLE, API, STAFF_ROLES } from '@diem-cau/shared';
import { route } from '../../http/typedRoute.js';
import type { AppContext } from '../../context/types.js';
import { identityOf, requireAuth } from '../../auth/requireAuth.js';
import { documentService } from './services.js';
import { receiveFile } from '../../http/upload.js';
import { actorOf } from '../audit/index.js';

/** Session documents: upload and delete (host/admin), list and download (staff, endpoints, members). */
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
    res
      .set({
        'Content-Type': doc.mimeType,
        'Content-Length': String(doc.sizeBytes),
        'Content-Disposition': `attachment; filename="${doc.filename.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '')}"; filename*=UTF-8''${encodeURIComponent(doc.filename)}`,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'private, no-store',
        ETag: `"${doc.sha256}"`,
      })
      .end(doc.content);
  });

  route(router, API.documents.remove, staff, ({ params, req }) =>
    docs.remove(actorOf(req), params.id, params.documentId),
  );

  return router;
}
