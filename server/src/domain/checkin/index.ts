// The check-in domain's door: members checking in at an endpoint with its rotating code.
export { checkinModule } from './module.js';
export { checkinService } from './services.js';
export type { CheckinService } from './CheckinService.js';
export * as checkinQueries from './queries.js';
export type { CheckinRow } from './queries.js';
export { checkinErrors } from './errors.js';
