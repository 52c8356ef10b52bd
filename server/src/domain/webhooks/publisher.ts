import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { WebhookEvent, WebhookEventType } from '@diem-cau/shared';
import type { Logger } from '../../logging/logger.js';
import { JOB_NAMES, type JobQueues } from '../../jobs/index.js';
import type { Database } from '../../store/database.js';
import type { DatabaseSchema } from '../../store/schema.js';

type Executor = Database | Transaction<DatabaseSchema>;

/** BullMQ job id of a delivery (BullMQ forbids ':' in custom ids, hence the dots). */
export const deliveryJobId = (deliveryId: string): string => `webhook.${deliveryId}`;

function subscribes(eventsJson: string, type: WebhookEventType): boolean {
  try {
    const events: unknown = JSON.parse(eventsJson);
    return Array.isArray(events) && events.includes(type);
  } catch {
    return false;
  }
}

/**
 * Records one delivery row per active webhook subscribed to the event (the outbox). Inside a
 * transaction the rows commit or vanish with it; `dispatchPending` then hands them to BullMQ.
 * An event id seen before for a webhook is not delivered twice (unique webhook_id, event_id).
 */
export async function recordEvent(
  db: Executor,
  input: { type: WebhookEventType; data: Record<string, unknown>; eventId?: string; onlyWebhookId?: string },
): Promise<string[]> {
  let q = db.selectFrom('webhooks').select(['id', 'events_json']).where('active', '=', 1);
  if (input.onlyWebhookId) q = q.where('id', '=', input.onlyWebhookId);
  const hooks = (await q.execute()).filter(
    (h) => input.onlyWebhookId !== undefined || subscribes(h.events_json, input.type),
  );
  if (hooks.length === 0) return [];
  const event: WebhookEvent = {
    id: input.eventId ?? randomUUID(),
    type: input.type,
    occurredAt: new Date().toISOString(),
    data: input.data,
  };
  const payload = JSON.stringify(event);
  const now = event.occurredAt;
  const ids: string[] = [];
  for (const h of hooks) {
    const id = randomUUID();
    const result = await db
      .insertInto('webhook_deliveries')
      .values({
        id,
        webhook_id: h.id,
        event_id: event.id,
        event_type: event.type,
        payload_json: payload,
        status: 'pending',
        last_status_code: null,
        last_error: null,
        created_at: now,
        updated_at: now,
        delivered_at: null,
      })
      .onConflict((oc) => oc.columns(['webhook_id', 'event_id']).doNothing())
      .executeTakeFirst();
    if (Number(result.numInsertedOrUpdatedRows ?? 0n) === 1) ids.push(id);
  }
  return ids;
}

/**
 * Hands pending deliveries to the queue. Job ids are the delivery ids, so two nodes dispatching
 * the same row enqueue it once.
 */
export async function dispatchPending(db: Database, queues: JobQueues, limit = 200): Promise<number> {
  const pending = await db
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('status', '=', 'pending')
    .orderBy('created_at')
    .limit(limit)
    .execute();
  if (pending.length === 0) return 0;
  await queues.webhooks.addBulk(
    pending.map((p) => ({
      name: JOB_NAMES.deliverWebhook,
      data: { deliveryId: p.id },
      opts: { jobId: deliveryJobId(p.id) },
    })),
  );
  await db
    .updateTable('webhook_deliveries')
    .set({ status: 'queued', updated_at: new Date().toISOString() })
    .where(
      'id',
      'in',
      pending.map((p) => p.id),
    )
    .where('status', '=', 'pending')
    .execute();
  return pending.length;
}

/** Publishes an event outside any transaction: record, then dispatch at once. */
export async function publishEvent(
  deps: { db: Database; queues: JobQueues; log: Logger },
  input: { type: WebhookEventType; data: Record<string, unknown>; eventId?: string; onlyWebhookId?: string },
): Promise<void> {
  const ids = await recordEvent(deps.db, input);
  if (ids.length > 0) await dispatchPending(deps.db, deps.queues);
  deps.log.debug({ event: input.type, deliveries: ids.length }, 'webhook event published');
}
