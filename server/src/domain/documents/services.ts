// The documents domain's wiring: one instance per app, and what it is given.
import { perContext } from '../../context/perContext.js';
import { openFileStore } from '../../files/folderFileStore.js';
import { auditLog } from '../audit/index.js';
import { sessionService } from '../sessions/index.js';
import { DocumentService } from './DocumentService.js';

export const documentService = perContext(
  (ctx) =>
    new DocumentService(ctx, { sessions: sessionService(ctx), audit: auditLog(ctx), files: openFileStore(ctx.config) }),
);
