import type { AppModule } from '../../modules/types.js';
import { attendanceService } from './AttendanceService.js';
import { attendanceHandlers } from './handlers.js';
import { livePanel } from './LivePanel.js';
import { attendanceRoutes } from './routes.js';

/** Endpoint attendance intervals, head-counts, crash recovery and the host's live panel. */
export const attendanceModule: AppModule = {
  name: 'attendance',
  handlers: attendanceHandlers,
  routes: attendanceRoutes,
  start: (ctx) => attendanceService(ctx).start(),
  stop: async (ctx) => {
    livePanel(ctx).stop();
    await attendanceService(ctx).stop();
  },
};
