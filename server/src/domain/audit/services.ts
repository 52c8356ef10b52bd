// The audit domain's wiring: one log per app.
import { perContext } from '../../context/perContext.js';
import { AuditLog } from './AuditLog.js';

export const auditLog = perContext((ctx) => new AuditLog(ctx.db));
