// Public surface of the webhooks feature: the admin screen.
export { WebhooksAdmin } from './WebhooksAdmin';
