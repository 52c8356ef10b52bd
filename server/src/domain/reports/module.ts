import type { AppModule } from '../../context/types.js';
import { createReportProcessor } from './reportProcessor.js';
import { reportRoutes } from './routes.js';

/** Reports and exports: REST routes; building runs as a job (reportProcessor.ts). */
export const reportsModule: AppModule = {
  name: 'reports',
  routes: reportRoutes,
  jobs: { reports: (deps) => createReportProcessor(deps) },
};
