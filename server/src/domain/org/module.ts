import { Router } from 'express';
import { perContext } from '../../context/perContext.js';
import type { AppContext, AppModule } from '../../context/types.js';
import { addIdentityCheck } from '../../auth/identityChecks.js';
import { rooms } from '../../signaling/rooms.js';
import { orgAdminRoutes } from './admin/routes.js';
import { endpointKeyCheck, memberArchiveCheck } from './endpointKeys.js';
import { isMemberArchived } from './queries.js';
import { orgService, oneTimeFiles } from './services.js';
import { orgRoutes } from './routes.js';
import { createPinSlipProcessor } from './sheets/pinSlipProcessor.js';

const SWEEP_MS = 60_000;

/** Deletes one-time files (PIN slips, endpoint sheets) past their hour even when nobody asks for them. */
const oneTimeSweeper = perContext((ctx: AppContext) => {
  let timer: NodeJS.Timeout | undefined;
  const sweep = () =>
    oneTimeFiles(ctx)
      .sweep()
      .catch((error: unknown) => ctx.log.warn({ module: 'org', err: error }, 'one-time file sweep failed'));
  return {
    start() {
      void sweep();
      timer ??= setInterval(sweep, SWEEP_MS);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
});

/**
 * The organisation tree, endpoints (and their keys) and members: reading and key rotation
 * (routes.ts), administration, import and export (admin/routes.ts). The demo seed runs from createApp.
 */
export const orgModule: AppModule = {
  name: 'org',
  routes: (ctx) => Router().use(orgRoutes(ctx)).use(orgAdminRoutes(ctx)),
  jobs: { pinSlips: createPinSlipProcessor },
  start: (ctx) => {
    // A token issued with a since-rotated endpoint key stops working at once (REST and new sockets).
    addIdentityCheck(ctx, endpointKeyCheck(orgService(ctx)));
    // An archived member's tokens stop working at once, and work again once restored.
    addIdentityCheck(
      ctx,
      memberArchiveCheck((id) => isMemberArchived(ctx.db, id)),
    );
    // Every endpoint socket joins its device room, which OrgService.rotateKey disconnects.
    ctx.io.on('connection', (socket) => {
      const identity = socket.data.identity;
      if (identity.role === 'endpoint') void socket.join(rooms.endpointDevice(identity.subject));
    });
    oneTimeSweeper(ctx).start();
  },
  stop: (ctx) => oneTimeSweeper(ctx).stop(),
};
