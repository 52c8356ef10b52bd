import { API, type CreateWebhookRequest, type UpdateWebhookRequest } from '@diem-cau/shared';
import { api } from '../../lib/api';

export const webhooksApi = {
  list: (token: string) => api(API.webhooks.list, { token }),
  create: (token: string, body: CreateWebhookRequest) => api(API.webhooks.create, { body, token }),
  update: (token: string, id: string, body: UpdateWebhookRequest) =>
    api(API.webhooks.update, { params: { id }, body, token }),
  remove: (token: string, id: string) => api(API.webhooks.remove, { params: { id }, token }),
  rotate: (token: string, id: string) => api(API.webhooks.rotateSecret, { params: { id }, token }),
  ping: (token: string, id: string) => api(API.webhooks.ping, { params: { id }, token }),
  deliveries: (token: string, id: string, failedOnly: boolean) =>
    api(API.webhooks.deliveries, { params: { id }, query: failedOnly ? { status: 'failed' } : {}, token }),
  redeliver: (token: string, deliveryId: string) => api(API.webhooks.redeliver, { params: { id: deliveryId }, token }),
};
