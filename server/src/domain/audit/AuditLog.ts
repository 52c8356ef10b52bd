import type { AuditAction, AuditEntry, AuditFilter, AuditPage, AuditTargetType } from '@diem-cau/shared';
import { roleSchema } from '@diem-cau/shared';
import { sql, type Selectable } from 'kysely';
import type { Database, Executor } from '../../store/database.js';
import type { AuditLogTable } from '../../store/schema.js';
import { foldText } from '../../store/textFold.js';
import type { SheetTable } from '../../http/tableFile.js';
import type { AuditActor } from './actor.js';
import { auditErrors } from './errors.js';
import { redact } from './redact.js';

/** One action to append: who (null for the system), what, on what, and the fields before and after. */
export interface AuditRecord {
  actor: AuditActor | null;
  action: AuditAction;
  target: { type: AuditTargetType; id: string | null };
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** The most rows one export holds (newest first). */
export const AUDIT_EXPORT_MAX_ROWS = 50_000;

const TIME = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

function toJson(change: Record<string, unknown> | null | undefined): string | null {
  if (change === null || change === undefined) return null;
  return JSON.stringify(redact(change));
}

function fromJson(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : { value };
  } catch {
    return null;
  }
}

function toEntry(r: Selectable<AuditLogTable>): AuditEntry {
  const role = roleSchema.safeParse(r.actor_role);
  return {
    id: r.id,
    at: r.at,
    actor:
      r.actor_subject !== null && role.success
        ? { subject: r.actor_subject, role: role.data, displayName: r.actor_name }
        : null,
    address: r.address,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    before: fromJson(r.before_json),
    after: fromJson(r.after_json),
  };
}

/**
 * The append-only log of actions that changed evidence or access. `record` writes in the caller's
 * transaction when given one, so an entry stands or falls with its change; nothing updates or deletes
 * a row (the store's triggers refuse it).
 */
export class AuditLog {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  async record(entry: AuditRecord, executor: Executor = this.#db): Promise<void> {
    const identity = entry.actor?.identity;
    await executor
      .insertInto('audit_log')
      .values({
        at: new Date().toISOString(),
        actor_subject: identity?.subject ?? null,
        actor_role: identity?.role ?? null,
        actor_name: identity?.displayName ?? null,
        address: entry.actor?.address ?? null,
        action: entry.action,
        target_type: entry.target.type,
        target_id: entry.target.id,
        before_json: toJson(entry.before),
        after_json: toJson(entry.after),
      })
      .execute();
  }

  async list(filter: AuditFilter & { limit: number; offset: number }): Promise<AuditPage> {
    const q = this.#filtered(filter);
    const total = await q
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const rows = await q.orderBy('id', 'desc').limit(filter.limit).offset(filter.offset).execute();
    return { total: Number(total.n), items: rows.map(toEntry) };
  }

  /** The filtered log as a table (newest first, at most AUDIT_EXPORT_MAX_ROWS), headers in Vietnamese. */
  async exportTable(filter: AuditFilter): Promise<SheetTable> {
    const rows = await this.#filtered(filter).orderBy('id', 'desc').limit(AUDIT_EXPORT_MAX_ROWS).execute();
    return {
      title: 'Nhật ký thay đổi',
      headers: [
        'STT',
        'Thời điểm (giờ Việt Nam)',
        'Thời điểm (ISO)',
        'Người thực hiện',
        'Vai trò',
        'Mã người thực hiện',
        'Địa chỉ',
        'Hành động',
        'Loại đối tượng',
        'Mã đối tượng',
        'Trước',
        'Sau',
      ],
      rows: rows.map((r) => [
        r.id,
        TIME.format(new Date(r.at)),
        r.at,
        r.actor_name,
        r.actor_role,
        r.actor_subject,
        r.address,
        r.action,
        r.target_type,
        r.target_id,
        r.before_json,
        r.after_json,
      ]),
    };
  }

  #filtered(filter: AuditFilter) {
    if (filter.from && filter.to && Date.parse(filter.to) < Date.parse(filter.from)) throw auditErrors.rangeReversed();
    let q = this.#db.selectFrom('audit_log').selectAll();
    if (filter.actor) {
      const who = filter.actor;
      const text = foldText(who).replace(/[%_\\]/g, (c) => `\\${c}`);
      q = q.where((eb) =>
        eb.or([
          eb('actor_subject', '=', who),
          sql<boolean>`fold(${eb.ref('actor_name')}) like ${`%${text}%`} escape '\\'`,
        ]),
      );
    }
    if (filter.action) {
      const action = filter.action;
      q = q.where((eb) => eb.or([eb('action', '=', action), eb('action', 'like', `${action}.%`)]));
    }
    if (filter.targetType) q = q.where('target_type', '=', filter.targetType);
    if (filter.targetId) q = q.where('target_id', '=', filter.targetId);
    if (filter.from) q = q.where('at', '>=', new Date(filter.from).toISOString());
    if (filter.to) q = q.where('at', '<=', new Date(filter.to).toISOString());
    return q;
  }
}
