// The webhooks domain's door: subscriptions, the outbox of events and their signed deliveries.
export { webhooksModule } from './module.js';
export { webhookService } from './services.js';
export { signPayload, verifySignature } from './signature.js';
export { webhookErrors } from './errors.js';
