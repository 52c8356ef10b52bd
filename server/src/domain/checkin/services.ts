// The check-in domain's wiring: one instance per app, and what it is given.
import { perContext } from '../../context/perContext.js';
import { sessionService } from '../sessions/index.js';
import { CheckinService } from './CheckinService.js';

export const checkinService = perContext((ctx) => new CheckinService(ctx, { sessions: sessionService(ctx) }));
