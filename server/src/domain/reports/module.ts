import type { AppModule } from '../../modules/types.js';
import { reportRoutes } from './routes.js';

/** Reports and exports: REST routes; building happens in the job workers (server/src/jobs). */
export const reportsModule: AppModule = {
  name: 'reports',
  routes: reportRoutes,
};
