// Public surface of the reports feature (dashboard, exports) and the staff sign-in it needs.
export { ReportsDashboard } from './ReportsDashboard';
export { StaffGate } from './StaffGate';
export { StaffSignInForm } from './StaffSignInForm';
export type { StaffSignIn } from './staffAuth';
