import type { ClientToServerOf, ServerToClientOf } from '../define.js';
import { sessionPushes, sessionRequests } from './session.js';
import { systemPushes, systemRequests } from './system.js';

/**
 * Every Socket.IO event of the product, one file per domain. Each domain's maps are spread here so
 * the server registers handlers from one table and both sides share one typed event map.
 */
export const clientRequests = {
  ...systemRequests,
  ...sessionRequests,
};

export const serverPushes = {
  ...systemPushes,
  ...sessionPushes,
};

export type ClientRequests = typeof clientRequests;
export type ServerPushes = typeof serverPushes;
export type ClientRequestName = keyof ClientRequests;
export type ClientToServerEvents = ClientToServerOf<ClientRequests>;
export type ServerToClientEvents = ServerToClientOf<ServerPushes>;
