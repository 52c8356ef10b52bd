import { jobQueues } from '../../jobs/index.js';
import { perContext } from '../../context/perContext.js';
import type { AppContext, AppModule } from '../../context/types.js';
import {
  subscribeMakeupEvents,
  subscribeRecordingEvents,
  subscribeReportEvents,
  subscribeSessionEvents,
} from './eventSources.js';
import { dispatchPending } from './publisher.js';
import { webhookRoutes } from './routes.js';
import { createWebhookProcessor } from './webhookProcessor.js';

const SWEEP_MS = 5_000;

/** The outbox sweep: hands any delivery left pending (e.g. a crash between commit and dispatch) to the queue. */
const sweeper = perContext((ctx: AppContext) => {
  let timer: NodeJS.Timeout | undefined;
  return {
    start() {
      timer ??= setInterval(() => {
        void dispatchPending(ctx.db, jobQueues(ctx)).catch((error: unknown) =>
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

// Every process that loads the module list (the server and `npm run worker`) builds reports; each
// turns them into `report.ready` events.
subscribeReportEvents();
subscribeRecordingEvents();

/** Webhooks: admin routes, session and report events, the outbox sweep. Deliveries run in the job workers. */
export const webhooksModule: AppModule = {
  name: 'webhooks',
  routes: webhookRoutes,
  jobs: { webhooks: createWebhookProcessor },
  start: (ctx) => {
    subscribeSessionEvents(ctx);
    subscribeMakeupEvents(ctx);
    sweeper(ctx).start();
  },
  stop: (ctx) => sweeper(ctx).stop(),
};
