import { pipeline } from 'node:stream/promises';
import { Router } from 'express';
import { API, STAFF_ROLES } from '@diem-cau/shared';
import { route, type TypedHandler } from '../../http/typedRoute.js';
import type { AppContext } from '../../context/types.js';
import { requireAuth } from '../../auth/requireAuth.js';
import { attachment } from '../../http/sendStoredFile.js';
import { endpointProvisioning, oneTimeFiles, orgService, pinBatches } from './services.js';
import { actorOf } from '../audit/index.js';

const SHEET_TYPES = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** Reading the organisation tree (admins, hosts), rotating endpoint keys and issuing PINs (admins). */
export function orgRoutes(ctx: AppContext): Router {
  const router = Router();
  const org = orgService(ctx);
  const staff = requireAuth(ctx, STAFF_ROLES);
  const admin = requireAuth(ctx, ['admin']);

  route(router, API.org.listUnits, staff, ({ query }) => org.listUnits(query));

  route(router, API.org.listEndpoints, staff, ({ query }) => org.listEndpoints(query));

  // Before /org/endpoints/:id/key. New keys for a set of endpoints, only ever shown in the one-time sheet.
  route(router, API.org.issueEndpointKeys, admin, ({ body, req, res }) => {
    const baseUrl = `${req.protocol}://${req.get('host') ?? 'localhost'}`;
    res.set('Cache-Control', 'no-store');
    return endpointProvisioning(ctx).issue(body, baseUrl, actorOf(req));
  });

  // A one-time file: handed out once, then deleted (it holds keys or PINs). Never by range: a
  // partial download would use it up.
  const sendOnce =
    (fileName: string): TypedHandler<typeof API.org.endpointSheet | typeof API.org.pinSlips> =>
    async ({ params: { id, format }, res }) => {
      const files = oneTimeFiles(ctx);
      const file = await files.take(id, format);
      const body = await file.open();
      res.set({
        'Cache-Control': 'no-store',
        'Content-Type': SHEET_TYPES[format],
        'Content-Length': String(file.sizeBytes),
        'Content-Disposition': attachment(`${fileName}.${format}`),
        'X-Content-Type-Options': 'nosniff',
      });
      // A download the client broke off is not used up: the administrator may ask again within the hour.
      await pipeline(body, res);
      await files.consumed(id, format);
    };
  route(router, API.org.endpointSheet, admin, sendOnce('phieu-ghep-noi-diem-cau'));

  route(router, API.org.rotateEndpointKey, admin, ({ params, req, res }) => {
    res.set('Cache-Control', 'no-store');
    return org.rotateKey(params.id, actorOf(req));
  });

  route(router, API.org.issuePins, admin, ({ body, req }) =>
    pinBatches(ctx).request(body, `${req.protocol}://${req.get('host') ?? 'localhost'}/member`, actorOf(req)),
  );

  route(router, API.org.pinBatch, admin, ({ params, res }) => {
    res.set('Cache-Control', 'no-store');
    return pinBatches(ctx).status(params.id);
  });

  route(router, API.org.pinSlips, admin, sendOnce('phieu-pin-dang-vien'));

  route(router, API.org.issueMemberPin, admin, ({ params, req, res }) => {
    res.set('Cache-Control', 'no-store');
    return org.issueMemberPin(params.id, actorOf(req));
  });

  return router;
}
