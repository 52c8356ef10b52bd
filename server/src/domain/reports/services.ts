// The reports domain's wiring: one instance per app, and what it is given.
import { perContext } from '../../context/perContext.js';
import { openFileStore } from '../../files/folderFileStore.js';
import { sessionService } from '../sessions/index.js';
import { ReportService } from './ReportService.js';

export const reportService = perContext(
  (ctx) => new ReportService(ctx, { sessions: sessionService(ctx), files: openFileStore(ctx.config) }),
);
