import type { ClientToServerOf, ServerToClientOf } from '../define.js';
import { attendancePushes, attendanceRequests } from './attendance.js';
import { checkinPushes, checkinRequests } from './checkin.js';
import { floorPushes, floorRequests } from './floor.js';
import { mediaPushes, mediaRequests } from './media.js';
import { quizPushes, quizRequests } from './quiz.js';
import { rollcallPushes, rollcallRequests } from './rollcall.js';
import { sessionPushes, sessionRequests } from './session.js';
import { systemPushes, systemRequests } from './system.js';

// Broadcast domain schemas and types (media plane, floor, roll call) used by both sides.
export * from './media.js';
export * from './floor.js';
export * from './rollcall.js';
// Quiz events' schemas and types.
export * from './quiz.js';
// Attendance and check-in events' schemas and helpers.
export * from './attendance.js';
export * from './checkin.js';

/**
 * Every Socket.IO event of the product, one file per domain. Each domain's maps are spread here so
 * the server registers handlers from one table and both sides share one typed event map.
 */
export const clientRequests = {
  ...systemRequests,
  ...sessionRequests,
  ...attendanceRequests,
  ...checkinRequests,
  ...mediaRequests,
  ...floorRequests,
  ...rollcallRequests,
  ...quizRequests,
};

export const serverPushes = {
  ...systemPushes,
  ...sessionPushes,
  ...attendancePushes,
  ...checkinPushes,
  ...mediaPushes,
  ...floorPushes,
  ...rollcallPushes,
  ...quizPushes,
};

export type ClientRequests = typeof clientRequests;
export type ServerPushes = typeof serverPushes;
export type ClientRequestName = keyof ClientRequests;
export type ClientToServerEvents = ClientToServerOf<ClientRequests>;
export type ServerToClientEvents = ServerToClientOf<ServerPushes>;
