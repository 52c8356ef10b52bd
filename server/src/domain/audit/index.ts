// The audit domain's door: the append-only log of actions that changed evidence or access.
export { auditModule } from './module.js';
export { auditLog } from './services.js';
export { AuditLog, type AuditRecord } from './AuditLog.js';
export { actorOf, type AuditActor } from './actor.js';
export { changedFields, redact } from './redact.js';
export { auditErrors } from './errors.js';
