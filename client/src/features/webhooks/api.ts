import type {
  CreateWebhookRequest,
  UpdateWebhookRequest,
  Webhook,
  WebhookDelivery,
  WebhookWithSecret,
} from '@diem-cau/shared';
import { staffApi } from '../reports';

export const webhooksApi = {
  list: (token: string) => staffApi<Webhook[]>(token, 'GET', '/webhooks'),
  create: (token: string, body: CreateWebhookRequest) => staffApi<WebhookWithSecret>(token, 'POST', '/webhooks', body),
  update: (token: string, id: string, body: UpdateWebhookRequest) =>
    staffApi<Webhook>(token, 'PATCH', `/webhooks/${encodeURIComponent(id)}`, body),
  remove: (token: string, id: string) => staffApi<void>(token, 'DELETE', `/webhooks/${encodeURIComponent(id)}`),
  rotate: (token: string, id: string) =>
    staffApi<WebhookWithSecret>(token, 'POST', `/webhooks/${encodeURIComponent(id)}/rotate-secret`),
  ping: (token: string, id: string) =>
    staffApi<{ queued: boolean }>(token, 'POST', `/webhooks/${encodeURIComponent(id)}/ping`),
  deliveries: (token: string, id: string, failedOnly: boolean) =>
    staffApi<WebhookDelivery[]>(
      token,
      'GET',
      `/webhooks/${encodeURIComponent(id)}/deliveries${failedOnly ? '?status=failed' : ''}`,
    ),
  redeliver: (token: string, deliveryId: string) =>
    staffApi<WebhookDelivery>(token, 'POST', `/webhooks/deliveries/${encodeURIComponent(deliveryId)}/redeliver`),
};
