import { Router } from 'express';
import { perContext } from '../../modules/perContext.js';
import type { AppContext, AppModule } from '../../modules/types.js';
import { orgAdminRoutes } from './admin/routes.js';
import { orgRoutes } from './routes.js';
import { oneTimeFiles } from './sheets/OneTimeFiles.js';

const SWEEP_MS = 60_000;

/** Deletes one-time files (PIN slips, endpoint sheets) past their hour even when nobody asks for them. */
const oneTimeSweeper = perContext((ctx: AppContext) => {
  let timer: NodeJS.Timeout | undefined;
  const sweep = () => {
    try {
      oneTimeFiles(ctx).sweep();
    } catch (error) {
      ctx.log.warn({ module: 'org', err: error }, 'one-time file sweep failed');
    }
  };
  return {
    start() {
      sweep();
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
  start: (ctx) => oneTimeSweeper(ctx).start(),
  stop: (ctx) => oneTimeSweeper(ctx).stop(),
};
