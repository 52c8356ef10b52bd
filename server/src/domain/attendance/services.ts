// The attendance domain's wiring: one instance of each service per app, and what each is given.
import { perContext } from '../../context/perContext.js';
import { checkinService } from '../checkin/index.js';
import { sessionService } from '../sessions/index.js';
import { AttendanceService } from './AttendanceService.js';
import { LivePanel } from './LivePanel.js';

export const livePanel = perContext((ctx) => new LivePanel(ctx, { sessions: sessionService(ctx) }));
export const attendanceService = perContext(
  (ctx) =>
    new AttendanceService(ctx, { sessions: sessionService(ctx), panel: livePanel(ctx), checkins: checkinService(ctx) }),
);
