import type { AppModule } from '../../context/types.js';
import { auditRoutes } from './routes.js';

/** The audit log: every domain records into it (through the door); admins read and export it. */
export const auditModule: AppModule = {
  name: 'audit',
  routes: auditRoutes,
};
