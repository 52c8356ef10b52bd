// The org domain's wiring: one instance of each service per app, and what each is given.
import { perContext } from '../../context/perContext.js';
import { pinHashes } from '../../auth/pinHashes.js';
import { openFileStore } from '../../files/folderFileStore.js';
import { signInLimiter } from '../../auth/signInLimiter.js';
import { OrgAdminService } from './admin/OrgAdminService.js';
import { OrgArchive } from './admin/OrgArchive.js';
import { OrgService } from './OrgService.js';
import { EndpointProvisioning } from './sheets/EndpointProvisioning.js';
import { OneTimeFiles } from './sheets/OneTimeFiles.js';
import { PinBatches } from './sheets/PinBatches.js';
import { jobQueues } from '../../jobs/index.js';
import { auditLog } from '../audit/index.js';

export const orgService = perContext(
  (ctx) => new OrgService(ctx, { pins: pinHashes(ctx), limits: signInLimiter(ctx), audit: auditLog(ctx) }),
);
export const orgAdminService = perContext(
  (ctx) => new OrgAdminService(ctx, { org: orgService(ctx), audit: auditLog(ctx) }),
);
export const orgArchive = perContext(
  (ctx) => new OrgArchive(ctx, { admin: orgAdminService(ctx), audit: auditLog(ctx) }),
);
/** The deployment's one-time files, in the file store (FILES_DIR: one folder shared by the nodes of a cluster). */
export const oneTimeFiles = perContext((ctx) => new OneTimeFiles(openFileStore(ctx.config)));
export const endpointProvisioning = perContext(
  (ctx) => new EndpointProvisioning(ctx, { org: orgService(ctx), files: oneTimeFiles(ctx), audit: auditLog(ctx) }),
);
export const pinBatches = perContext((ctx) => new PinBatches({ queues: () => jobQueues(ctx), org: orgService(ctx) }));
