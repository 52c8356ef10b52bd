import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import {
  webhookEventTypeSchema,
  type createWebhookRequestSchema,
  type DeliveryStatus,
  type UpdateWebhookRequest,
  type Webhook,
  type WebhookDelivery,
  type WebhookWithSecret,
} from '@diem-cau/shared';
import { z } from 'zod';
import { jobQueues } from '../../jobs/index.js';
import type { AppContext } from '../../context/types.js';
import type { Executor } from '../../store/database.js';
import type { WebhookDeliveryTable, WebhookTable } from '../../store/schema.js';
import { deliveryJobId, dispatchPending, publishEvent } from './publisher.js';
import { generateWebhookSecret } from './signature.js';
import { webhookErrors } from './errors.js';
import { changedFields, type AuditActor, type AuditLog } from '../audit/index.js';

const eventsSchema = z.array(webhookEventTypeSchema);

function parseEvents(json: string): Webhook['events'] {
  try {
    const parsed = eventsSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

function toDelivery(r: Selectable<WebhookDeliveryTable>): WebhookDelivery {
  const type = webhookEventTypeSchema.safeParse(r.event_type);
  return {
    id: r.id,
    webhookId: r.webhook_id,
    eventId: r.event_id,
    eventType: type.success ? type.data : 'webhook.ping',
    status: r.status,
    attempts: r.attempts,
    lastStatusCode: r.last_status_code,
    lastError: r.last_error,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    deliveredAt: r.delivered_at,
  };
}

/** The webhook fields an audit entry keeps (never the secret). */
function audited(w: Webhook): Record<string, unknown> {
  return { url: w.url, description: w.description, events: w.events, active: w.active };
}

/** Admin management of webhooks and their delivery log. The secret leaves the server only on create and rotate. */
export class WebhookService {
  readonly #ctx: AppContext;
  readonly #audit: AuditLog;

  constructor(ctx: AppContext, deps: { audit: AuditLog }) {
    this.#ctx = ctx;
    this.#audit = deps.audit;
  }

  async list(db: Executor = this.#ctx.db): Promise<Webhook[]> {
    const rows = await db
      .selectFrom('webhooks as w')
      .selectAll('w')
      .select((eb) => [
        eb
          .selectFrom('webhook_deliveries as d')
          .select((sub) => sub.fn.countAll<number>().as('n'))
          .whereRef('d.webhook_id', '=', 'w.id')
          .where('d.status', '=', 'failed')
          .as('failed'),
        eb
          .selectFrom('webhook_deliveries as d')
          .select((sub) => sub.fn.max('d.updated_at').as('t'))
          .whereRef('d.webhook_id', '=', 'w.id')
          .as('last'),
      ])
      .orderBy('w.created_at')
      .execute();
    return rows.map((r) => this.#toApi(r, Number(r.failed ?? 0), r.last ?? null));
  }

  async get(id: string, db: Executor = this.#ctx.db): Promise<Webhook> {
    const hook = (await this.list(db)).find((w) => w.id === id);
    if (!hook) throw webhookErrors.notFound();
    return hook;
  }

  async create(
    actorId: string,
    input: z.output<typeof createWebhookRequestSchema>,
    actor: AuditActor | null = null,
  ): Promise<WebhookWithSecret> {
    const id = randomUUID();
    const secret = generateWebhookSecret();
    const now = new Date().toISOString();
    // The change and its audit entry stand or fall together.
    const created = await this.#ctx.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('webhooks')
        .values({
          id,
          url: input.url,
          secret,
          description: input.description ?? '',
          events_json: JSON.stringify([...new Set(input.events)]),
          active: input.active === false ? 0 : 1,
          created_by: actorId,
          created_at: now,
          updated_at: now,
        })
        .execute();
      const hook = await this.get(id, trx);
      await this.#audit.record(
        { actor, action: 'webhook.create', target: { type: 'webhook', id }, after: audited(hook) },
        trx,
      );
      return hook;
    });
    this.#ctx.log.info({ module: 'webhooks', webhookId: id, by: actorId }, 'webhook created');
    return { ...created, secret };
  }

  async update(id: string, input: UpdateWebhookRequest, actor: AuditActor | null = null): Promise<Webhook> {
    return this.#ctx.db.transaction().execute(async (trx) => {
      const before = await this.get(id, trx);
      await trx
        .updateTable('webhooks')
        .set({
          ...(input.url !== undefined && { url: input.url }),
          ...(input.description !== undefined && { description: input.description }),
          ...(input.events !== undefined && { events_json: JSON.stringify([...new Set(input.events)]) }),
          ...(input.active !== undefined && { active: input.active ? 1 : 0 }),
          updated_at: new Date().toISOString(),
        })
        .where('id', '=', id)
        .execute();
      const after = await this.get(id, trx);
      await this.#audit.record(
        {
          actor,
          action: 'webhook.update',
          target: { type: 'webhook', id },
          ...changedFields(audited(before), audited(after)),
        },
        trx,
      );
      return after;
    });
  }

  async remove(id: string, actor: AuditActor | null = null): Promise<void> {
    await this.#ctx.db.transaction().execute(async (trx) => {
      const before = await this.get(id, trx);
      const result = await trx.deleteFrom('webhooks').where('id', '=', id).executeTakeFirst();
      if (Number(result.numDeletedRows) !== 1) throw webhookErrors.notFound();
      await this.#audit.record(
        { actor, action: 'webhook.delete', target: { type: 'webhook', id }, before: audited(before) },
        trx,
      );
    });
  }

  /** A new signing secret (shown once; the log records only that it changed). */
  async rotateSecret(id: string, actor: AuditActor | null = null): Promise<WebhookWithSecret> {
    const secret = generateWebhookSecret();
    const hook = await this.#ctx.db.transaction().execute(async (trx) => {
      await this.get(id, trx);
      await trx
        .updateTable('webhooks')
        .set({ secret, updated_at: new Date().toISOString() })
        .where('id', '=', id)
        .execute();
      await this.#audit.record({ actor, action: 'webhook.rotateSecret', target: { type: 'webhook', id } }, trx);
      return this.get(id, trx);
    });
    return { ...hook, secret };
  }

  async deliveries(id: string, filter: { status?: DeliveryStatus; limit: number }): Promise<WebhookDelivery[]> {
    await this.get(id);
    let q = this.#ctx.db.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', id);
    if (filter.status) q = q.where('status', '=', filter.status);
    const rows = await q.orderBy('created_at', 'desc').limit(filter.limit).execute();
    return rows.map(toDelivery);
  }

  /** Sends a `webhook.ping` to this webhook only. */
  async ping(id: string): Promise<void> {
    await this.get(id);
    await publishEvent(
      { db: this.#ctx.db, queues: jobQueues(this.#ctx), log: this.#ctx.log },
      { type: 'webhook.ping', data: { webhookId: id }, onlyWebhookId: id },
    );
  }

  /** A failed delivery is queued again, from a fresh retry budget. */
  async redeliver(deliveryId: string, actor: AuditActor | null = null): Promise<WebhookDelivery> {
    const row = await this.#ctx.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('id', '=', deliveryId)
      .executeTakeFirst();
    if (!row) throw webhookErrors.deliveryNotFound();
    if (row.status !== 'failed') throw webhookErrors.deliveryNotFailed(row.status);
    const queue = jobQueues(this.#ctx).webhooks;
    const old = await queue.getJob(deliveryJobId(deliveryId));
    if (old) await old.remove();
    await this.#ctx.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('webhook_deliveries')
        .set({ status: 'pending', updated_at: new Date().toISOString() })
        .where('id', '=', deliveryId)
        .execute();
      await this.#audit.record(
        {
          actor,
          action: 'webhook.redeliver',
          target: { type: 'webhook_delivery', id: deliveryId },
          before: { webhookId: row.webhook_id, eventType: row.event_type, status: row.status, attempts: row.attempts },
          after: { webhookId: row.webhook_id, eventType: row.event_type, status: 'pending' },
        },
        trx,
      );
    });
    await dispatchPending(this.#ctx.db, jobQueues(this.#ctx));
    const updated = await this.#ctx.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('id', '=', deliveryId)
      .executeTakeFirstOrThrow();
    return toDelivery(updated);
  }

  #toApi(r: Selectable<WebhookTable>, failed: number, last: string | null): Webhook {
    return {
      id: r.id,
      url: r.url,
      description: r.description,
      events: parseEvents(r.events_json),
      active: r.active === 1,
      createdAt: r.created_at,
      failedDeliveries: failed,
      lastDeliveryAt: last,
    };
  }
}
