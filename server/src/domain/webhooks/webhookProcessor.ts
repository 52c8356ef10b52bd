import { UnrecoverableError, type Job } from 'bullmq';
import { z } from 'zod';
import { deliverOnce, WebhookGone } from './delivery.js';
import type { JobDeps, WebhookJobData, WebhookJobResult } from '../../jobs/index.js';

const payloadSchema = z.object({ deliveryId: z.string().min(1).max(100) }).strict();

/**
 * Delivers one webhook event. A non-2xx answer or a network error is retried with exponential
 * backoff; the delivery row shows every attempt and, after the last one, the failure.
 */
export function createWebhookProcessor(deps: JobDeps) {
  return async (job: Job<WebhookJobData, WebhookJobResult>): Promise<WebhookJobResult> => {
    const payload = payloadSchema.safeParse(job.data);
    if (!payload.success) throw new UnrecoverableError('malformed webhook job payload');
    const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    try {
      const statusCode = await deliverOnce(deps, payload.data.deliveryId, { final });
      return { deliveryId: payload.data.deliveryId, statusCode };
    } catch (error) {
      if (error instanceof WebhookGone) throw new UnrecoverableError(error.message);
      throw error;
    }
  };
}
