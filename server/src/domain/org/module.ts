import { Router } from 'express';
import type { AppModule } from '../../modules/types.js';
import { orgAdminRoutes } from './admin/routes.js';
import { orgRoutes } from './routes.js';

/**
 * The organisation tree, endpoints (and their keys) and members: reading and key rotation
 * (routes.ts), administration, import and export (admin/routes.ts). The demo seed runs from createApp.
 */
export const orgModule: AppModule = {
  name: 'org',
  routes: (ctx) => Router().use(orgRoutes(ctx)).use(orgAdminRoutes(ctx)),
};
