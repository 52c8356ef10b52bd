import type { AppModule } from '../../context/types.js';
import { openFileStore } from '../../files/folderFileStore.js';
import { moveDocumentsToFiles } from './moveToFiles.js';
import { documentRoutes } from './routes.js';

/** Session documents (the resolution's PDF, slides). */
export const documentsModule: AppModule = {
  name: 'documents',
  routes: documentRoutes,
  // Documents stored before migration 0405 move to the file store; a failure is logged, not fatal.
  start: async (ctx) => {
    await moveDocumentsToFiles(ctx.db, openFileStore(ctx.config), ctx.log.child({ module: 'documents' }));
  },
};
