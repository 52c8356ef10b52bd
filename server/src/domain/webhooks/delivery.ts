import { WEBHOOK_HEADERS } from '@diem-cau/shared';
import type { JobDeps } from '../../jobs/index.js';
import { signPayload } from './signature.js';

/** The webhook or delivery is gone (deleted): nothing to retry. */
export class WebhookGone extends Error {}

const TIMEOUT_MS = 10_000;

/**
 * One attempt to deliver: POST the stored event JSON, signed with the webhook's secret and the
 * current time. A 2xx answer delivers; anything else throws, so BullMQ retries with backoff.
 * Every attempt is written to the delivery row; `final` marks it failed for good.
 */
export async function deliverOnce(deps: JobDeps, deliveryId: string, opts: { final: boolean }): Promise<number> {
  const row = await deps.db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
    .select(['d.id', 'd.status', 'd.event_type', 'd.payload_json', 'w.url', 'w.secret', 'w.active'])
    .where('d.id', '=', deliveryId)
    .executeTakeFirst();
  if (!row) throw new WebhookGone(`no delivery ${deliveryId}`);
  if (row.status === 'delivered') return 200;

  const record = async (patch: {
    status: 'delivered' | 'retrying' | 'failed';
    code: number | null;
    error: string | null;
  }): Promise<void> => {
    const now = new Date().toISOString();
    await deps.db
      .updateTable('webhook_deliveries')
      .set((eb) => ({
        status: patch.status,
        attempts: eb('attempts', '+', 1),
        last_status_code: patch.code,
        last_error: patch.error,
        updated_at: now,
        delivered_at: patch.status === 'delivered' ? now : null,
      }))
      .where('id', '=', deliveryId)
      .execute();
  };

  if (row.active !== 1) {
    await record({ status: 'failed', code: null, error: 'webhook disabled' });
    throw new WebhookGone('webhook disabled');
  }

  const timestamp = Math.floor(Date.now() / 1000);
  let code: number | null = null;
  let error: string | null = null;
  try {
    const response = await fetch(row.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'DiemCau-Webhook/1',
        [WEBHOOK_HEADERS.signature]: signPayload(row.secret, timestamp, row.payload_json),
        [WEBHOOK_HEADERS.timestamp]: String(timestamp),
        [WEBHOOK_HEADERS.event]: row.event_type,
        [WEBHOOK_HEADERS.delivery]: deliveryId,
      },
      body: row.payload_json,
    });
    code = response.status;
    await response.body?.cancel();
    if (response.status >= 200 && response.status < 300) {
      await record({ status: 'delivered', code, error: null });
      return code;
    }
    error = `HTTP ${response.status}`;
  } catch (e) {
    error = e instanceof Error ? `${e.name}: ${e.message}`.slice(0, 300) : 'network error';
  }
  await record({ status: opts.final ? 'failed' : 'retrying', code, error });
  deps.log.warn(
    { deliveryId, eventType: row.event_type, status: code, err: error, final: opts.final },
    'webhook delivery failed',
  );
  throw new Error(`webhook delivery failed: ${error}`);
}
