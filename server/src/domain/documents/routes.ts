import { Router } from 'express';
import { ANY_ROLE, idSchema, STAFF_ROLES, uploadDocumentQuerySchema } from '@diem-cau/shared';
import { z } from 'zod';
import { parseInput } from '../../http/validate.js';
import type { AppContext } from '../../context/types.js';
import { identityOf, requireAuth } from '../../auth/requireAuth.js';
import { documentService } from './services.js';
import { receiveFile } from '../../http/upload.js';

const sessionParams = z.object({ id: idSchema });
const documentParams = z.object({ id: idSchema, documentId: idSchema });

/** Session documents: upload and delete (host/admin), list and download (staff, endpoints, members). */
export function documentRoutes(ctx: AppContext): Router {
  const router = Router();
  const docs = documentService(ctx);
  const staff = requireAuth(ctx, STAFF_ROLES);
  const anyone = requireAuth(ctx, ANY_ROLE);
  const receive = receiveFile(ctx.config.uploads.documentMaxBytes);

  router.post('/sessions/:id/documents', staff, async (req, res) => {
    const { id } = parseInput(sessionParams, req.params, 'session id');
    const query = parseInput(uploadDocumentQuerySchema, req.query, 'query');
    const file = await receive(req, res);
    res.status(201).json(await docs.upload(identityOf(req), id, query.kind, query.title, file));
  });

  router.get('/sessions/:id/documents', anyone, async (req, res) => {
    const { id } = parseInput(sessionParams, req.params, 'session id');
    res.json(await docs.list(identityOf(req), id));
  });

  router.get('/sessions/:id/documents/:documentId', anyone, async (req, res) => {
    const { id, documentId } = parseInput(documentParams, req.params, 'document');
    const doc = await docs.read(identityOf(req), id, documentId);
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

  router.delete('/sessions/:id/documents/:documentId', staff, async (req, res) => {
    const { id, documentId } = parseInput(documentParams, req.params, 'document');
    await docs.remove(identityOf(req), id, documentId);
    res.status(204).end();
  });

  return router;
}
