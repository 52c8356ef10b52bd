import type { AppModule } from '../../context/types.js';
import { documentRoutes } from './routes.js';

/** Session documents (the resolution's PDF, slides). */
export const documentsModule: AppModule = {
  name: 'documents',
  routes: documentRoutes,
};
