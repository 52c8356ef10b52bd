// The broadcast domain's door: the live SFU media plane, the floor and the roll call.
export { broadcastModule } from './module.js';
export { broadcastDomain } from './services.js';
export type { BroadcastDomain } from './BroadcastDomain.js';
export { broadcastErrors } from './errors.js';
export * as linkQueries from './queries.js';
export type { LinkMinuteRecord, LinkPeriodRecord } from './queries.js';
