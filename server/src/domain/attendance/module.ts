import type { AppModule } from '../../context/types.js';
import { checkinService } from '../checkin/index.js';
import { orgAdminService } from '../org/index.js';
import { sessionService } from '../sessions/index.js';
import { endpointHasIntervals } from './queries.js';
import { attendanceHandlers } from './handlers.js';
import { attendanceRoutes } from './routes.js';
import { attendanceService, livePanel } from './services.js';

/** Endpoint attendance intervals, head-counts, crash recovery and the host's live panel. */
export const attendanceModule: AppModule = {
  name: 'attendance',
  handlers: attendanceHandlers,
  routes: attendanceRoutes,
  start: (ctx) => {
    // An endpoint's attendance intervals are evidence: the endpoint is kept.
    orgAdminService(ctx).addDeletionGuard('endpoint', (id) => endpointHasIntervals(ctx.db, id));
    // A session that ended pushes no panel any more: its throttle state goes.
    sessionService(ctx).hooks.onStatusChange((change) => {
      if (change.to === 'ended') setImmediate(() => livePanel(ctx).forget(change.sessionId));
    });
    // Check-ins are counted on the panel: it refreshes when they change.
    checkinService(ctx).onChange((sessionId) => livePanel(ctx).markDirty(sessionId));
    return attendanceService(ctx).start();
  },
  stop: async (ctx) => {
    livePanel(ctx).stop();
    await attendanceService(ctx).stop();
  },
};
