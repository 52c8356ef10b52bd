import type { AppModule } from '../../modules/types.js';
import { orgRoutes } from './routes.js';

/** The organisation tree, endpoints (and their keys) and members. The demo seed runs from createApp. */
export const orgModule: AppModule = {
  name: 'org',
  routes: orgRoutes,
};
