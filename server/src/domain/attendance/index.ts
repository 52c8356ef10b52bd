// The attendance domain's door: endpoint attendance intervals, the live panel, and the attendance
// rules reports apply.
export { attendanceModule } from './module.js';
export { attendanceService, livePanel } from './services.js';
export * as attendanceQueries from './queries.js';
export type { HeadcountRow, IntervalRow } from './queries.js';
export { mergeIntervals, totalMs, unionSpans, type RawInterval, type Span } from './mergeIntervals.js';
export { memberPresentMs, meetsAttendanceThreshold, sessionWindow, type CheckinSpan } from './rules.js';
export { attendedLive } from './memberAttendance.js';
export { attendanceErrors } from './errors.js';
