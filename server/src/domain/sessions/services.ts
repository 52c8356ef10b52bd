// The sessions domain's wiring: one instance per app.
import { perContext } from '../../context/perContext.js';
import { SessionService } from './SessionService.js';
import { auditLog } from '../audit/index.js';

export const sessionService = perContext((ctx) => new SessionService(ctx, { audit: auditLog(ctx) }));
