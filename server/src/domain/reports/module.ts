import type { AppModule } from '../../context/types.js';
import { openFileStore } from '../../files/folderFileStore.js';
import { moveReportFilesToFiles } from './moveToFiles.js';
import { createReportProcessor } from './reportProcessor.js';
import { reportRoutes } from './routes.js';

/** Reports and exports: REST routes; building runs as a job (reportProcessor.ts). */
export const reportsModule: AppModule = {
  name: 'reports',
  routes: reportRoutes,
  jobs: { reports: (deps) => createReportProcessor(deps) },
  // Exports built before migration 0405 move to the file store; a failure is logged, not fatal.
  start: async (ctx) => {
    await moveReportFilesToFiles(ctx.db, openFileStore(ctx.config), ctx.log.child({ module: 'reports' }));
  },
};
