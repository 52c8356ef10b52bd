// Public surface of the audit feature: the admin's audit log panel.
export { AuditLogPanel } from './AuditLogPanel';
