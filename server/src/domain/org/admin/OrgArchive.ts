import type { Endpoint, Member } from '@diem-cau/shared';
import type { AppContext } from '../../../context/types.js';
import type { AuditActor, AuditLog } from '../../audit/index.js';
import { orgErrors } from '../errors.js';
import type { OrgAdminService } from './OrgAdminService.js';

type Kind = 'member' | 'endpoint';

const TABLE = { member: 'members', endpoint: 'endpoints' } as const;

/**
 * Archiving members and endpoints that have records (attendance, check-ins, answers, make-up), which
 * are never deleted. An archived one keeps every record, and past reports count it as before; it no
 * longer signs in (its tokens are refused by org's identity checks and its open sockets are ended),
 * gets no PIN or key, is left out of bulk issues, listings, invitations and later sessions' expected
 * members. Restoring undoes all of it. Each change and its audit entry are one transaction.
 */
export class OrgArchive {
  readonly #ctx: AppContext;
  readonly #admin: OrgAdminService;
  readonly #audit: AuditLog;

  constructor(ctx: AppContext, deps: { admin: OrgAdminService; audit: AuditLog }) {
    this.#ctx = ctx;
    this.#admin = deps.admin;
    this.#audit = deps.audit;
  }

  async archiveMember(id: string, actor: AuditActor | null = null): Promise<Member> {
    const before = await this.#admin.getMember(id);
    await this.#set('member', id, true, actor, { memberNumber: before.memberNumber, fullName: before.fullName });
    // Their phones are disconnected on every node; a reconnect is refused (org's identity check).
    this.#ctx.live.disconnect({ subject: id });
    return this.#admin.getMember(id);
  }

  async restoreMember(id: string, actor: AuditActor | null = null): Promise<Member> {
    const before = await this.#admin.getMember(id);
    await this.#set('member', id, false, actor, { memberNumber: before.memberNumber, fullName: before.fullName });
    return this.#admin.getMember(id);
  }

  async archiveEndpoint(id: string, actor: AuditActor | null = null): Promise<Endpoint> {
    const before = await this.#admin.endpoint(id);
    await this.#set('endpoint', id, true, actor, { name: before.name, unitId: before.unitId });
    // Every socket of the endpoint (its TV, a paired device) is in its device room.
    this.#ctx.live.disconnect({ device: id });
    return this.#admin.endpoint(id);
  }

  async restoreEndpoint(id: string, actor: AuditActor | null = null): Promise<Endpoint> {
    const before = await this.#admin.endpoint(id);
    await this.#set('endpoint', id, false, actor, { name: before.name, unitId: before.unitId });
    return this.#admin.endpoint(id);
  }

  /** Sets or clears `archived_at` only if it is not already so, with its audit entry, in one transaction. */
  async #set(
    kind: Kind,
    id: string,
    archive: boolean,
    actor: AuditActor | null,
    names: Record<string, unknown>,
  ): Promise<void> {
    const at = new Date().toISOString();
    await this.#ctx.db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom(TABLE[kind]).select('archived_at').where('id', '=', id).executeTakeFirst();
      if (!current) throw kind === 'member' ? orgErrors.memberNotFound() : orgErrors.endpointNotFound();
      if (archive && current.archived_at !== null)
        throw kind === 'member' ? orgErrors.memberIsArchived() : orgErrors.endpointIsArchived();
      if (!archive && current.archived_at === null)
        throw kind === 'member' ? orgErrors.memberNotArchived() : orgErrors.endpointNotArchived();
      await trx
        .updateTable(TABLE[kind])
        .set({ archived_at: archive ? at : null })
        .where('id', '=', id)
        .execute();
      await this.#audit.record(
        {
          actor,
          action: `${kind}.${archive ? 'archive' : 'restore'}`,
          target: { type: kind, id },
          before: { ...names, archivedAt: current.archived_at },
          after: { ...names, archivedAt: archive ? at : null },
        },
        trx,
      );
    });
    this.#ctx.log.info({ module: 'org', [`${kind}Id`]: id }, archive ? `${kind} archived` : `${kind} restored`);
  }
}
