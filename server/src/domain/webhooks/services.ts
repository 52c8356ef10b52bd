// The webhooks domain's wiring: one instance per app.
import { perContext } from '../../context/perContext.js';
import { WebhookService } from './WebhookService.js';
import { auditLog } from '../audit/index.js';

export const webhookService = perContext((ctx) => new WebhookService(ctx, { audit: auditLog(ctx) }));
