import { jobRuntime } from '../../jobs/module.js';
import { perContext } from '../../modules/perContext.js';
import type { AppContext, AppModule } from '../../modules/types.js';
import { subscribeSessionEvents } from './eventSources.js';
import { dispatchPending } from './publisher.js';
import { webhookRoutes } from './routes.js';

const SWEEP_MS = 5_000;

/** The outbox sweep: hands any delivery left pending (e.g. a crash between commit and dispatch) to the queue. */
const sweeper = perContext((ctx: AppContext) => {
  let timer: NodeJS.Timeout | undefined;
  return {
    start() {
      timer ??= setInterval(() => {
        void dispatchPending(ctx.db, jobRuntime(ctx).queues).catch((error: unknown) =>
          ctx.log.warn({ module: 'webhooks', err: error }, 'webhook sweep failed'),
        );
      }, SWEEP_MS);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
});

/** Webhooks: admin routes, session events, the outbox sweep. Deliveries run in the job workers. */
export const webhooksModule: AppModule = {
  name: 'webhooks',
  routes: webhookRoutes,
  start: (ctx) => {
    subscribeSessionEvents(ctx);
    sweeper(ctx).start();
  },
  stop: (ctx) => sweeper(ctx).stop(),
};
