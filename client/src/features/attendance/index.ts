// Public surface of the attendance feature: the host console's live panel.
export { AttendancePanel } from './AttendancePanel';
