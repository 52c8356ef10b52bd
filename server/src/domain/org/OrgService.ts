import { randomUUID } from 'node:crypto';
import type { ArchivedFilter, Endpoint, IssuedPin, OrgUnit, OrgUnitKind, RotatedKey } from '@diem-cau/shared';
import type { AppContext } from '../../context/types.js';
import type { Database, Executor } from '../../store/database.js';
import type { EndpointTable, MemberTable } from '../../store/schema.js';
import type { PinHashes } from '../../auth/pinHashes.js';
import { generatePin } from '../../auth/passwords.js';
import type { SignInLimiter } from '../../auth/signInLimiter.js';
import { generateEndpointKey, hashEndpointKey } from './endpointKeys.js';
import { orgErrors } from './errors.js';
import type { AuditActor, AuditLog } from '../audit/index.js';

export interface EndpointRecord {
  id: string;
  unitId: string;
  name: string;
  keyVersion: number;
  /** Set once archived: the endpoint no longer signs in (its key and tokens are refused). */
  archivedAt: string | null;
}

export type MemberRecord = Pick<
  MemberTable,
  'id' | 'cell_id' | 'full_name' | 'member_number' | 'pin_hash' | 'archived_at'
>;

/** The organisation tree, endpoints and their keys, and members' PINs. */
export class OrgService {
  readonly #db: Database;
  readonly #ctx: AppContext;
  readonly #pins: PinHashes;
  readonly #limits: SignInLimiter;
  readonly #audit: AuditLog;

  constructor(ctx: AppContext, deps: { pins: PinHashes; limits: SignInLimiter; audit: AuditLog }) {
    this.#ctx = ctx;
    this.#db = ctx.db;
    this.#pins = deps.pins;
    this.#limits = deps.limits;
    this.#audit = deps.audit;
  }

  async listUnits(filter: { parentId?: string; kind?: OrgUnitKind }): Promise<OrgUnit[]> {
    let q = this.#db.selectFrom('org_units').select(['id', 'parent_id', 'kind', 'name', 'code']);
    if (filter.parentId) q = q.where('parent_id', '=', filter.parentId);
    if (filter.kind) q = q.where('kind', '=', filter.kind);
    const rows = await q.orderBy('code').execute();
    return rows.map((r) => ({ id: r.id, parentId: r.parent_id, kind: r.kind, name: r.name, code: r.code }));
  }

  /** Endpoints with their commune and district; optionally only those of one district; archived ones when asked. */
  async listEndpoints(filter: { districtId?: string; archived?: ArchivedFilter } = {}): Promise<Endpoint[]> {
    let q = this.#db
      .selectFrom('endpoints as e')
      .innerJoin('org_units as c', 'c.id', 'e.unit_id')
      .leftJoin('org_units as d', 'd.id', 'c.parent_id')
      .select([
        'e.id',
        'e.name',
        'e.unit_id',
        'c.name as unit_name',
        'd.id as district_id',
        'd.name as district_name',
        'e.key_hash',
        'e.key_version',
        'e.key_rotated_at',
        'e.archived_at',
      ]);
    if (filter.districtId) q = q.where('d.id', '=', filter.districtId);
    const archived = filter.archived ?? 'exclude';
    if (archived === 'exclude') q = q.where('e.archived_at', 'is', null);
    if (archived === 'only') q = q.where('e.archived_at', 'is not', null);
    const rows = await q.orderBy('c.code').execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      unitId: r.unit_id,
      unitName: r.unit_name,
      districtId: r.district_id,
      districtName: r.district_name,
      hasKey: r.key_hash !== null,
      keyVersion: r.key_version,
      keyRotatedAt: r.key_rotated_at,
      archivedAt: r.archived_at,
    }));
  }

  async unitExists(id: string): Promise<boolean> {
    return (await this.#db.selectFrom('org_units').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
  }

  async getEndpoint(id: string): Promise<EndpointRecord | undefined> {
    const row = await this.#db
      .selectFrom('endpoints')
      .select(['id', 'unit_id', 'name', 'key_version', 'archived_at'])
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toEndpoint(row);
  }

  /** The endpoint holding this key, if any (lookup by the key's SHA-256). */
  async findEndpointByKey(key: string): Promise<EndpointRecord | undefined> {
    const row = await this.#db
      .selectFrom('endpoints')
      .select(['id', 'unit_id', 'name', 'key_version', 'archived_at'])
      .where('key_hash', '=', hashEndpointKey(key))
      .executeTakeFirst();
    return row && toEndpoint(row);
  }

  /**
   * Issues a new key for an endpoint (the first one, or a replacement). The old key and every token
   * and device issued with it stop working at once: the stored hash changes, the key version moves on
   * (tokens carry it), and the endpoint's open sockets are disconnected on every node. Recorded in the
   * audit log unless `audited` is false (a bulk issue records one entry for its whole batch).
   */
  async rotateKey(
    endpointId: string,
    actor: AuditActor | null = null,
    { audited = true }: { audited?: boolean } = {},
  ): Promise<RotatedKey> {
    const endpointKey = generateEndpointKey();
    const keyRotatedAt = new Date().toISOString();
    // The new key and its audit entry stand or fall together.
    const row = await this.#db.transaction().execute(async (trx) => {
      const rotated = await trx
        .updateTable('endpoints')
        .set((eb) => ({
          key_hash: hashEndpointKey(endpointKey),
          key_version: eb('key_version', '+', 1),
          key_rotated_at: keyRotatedAt,
        }))
        .where('id', '=', endpointId)
        .where('archived_at', 'is', null)
        .returning(['key_version'])
        .executeTakeFirst();
      if (!rotated) {
        // An archived endpoint gets no key until it is restored.
        const there = await trx.selectFrom('endpoints').select('id').where('id', '=', endpointId).executeTakeFirst();
        throw there ? orgErrors.endpointIsArchived() : orgErrors.endpointNotFound();
      }
      if (audited)
        await this.#audit.record(
          {
            actor,
            action: 'endpoint.key.rotate',
            target: { type: 'endpoint', id: endpointId },
            before: { keyVersion: rotated.key_version - 1 },
            after: { keyVersion: rotated.key_version, keyRotatedAt },
          },
          trx,
        );
      return rotated;
    });
    this.#ctx.live.disconnect({ device: endpointId });
    this.#ctx.log.info({ module: 'org', endpointId, keyVersion: row.key_version }, 'endpoint key rotated');
    return { endpointId, endpointKey, keyVersion: row.key_version, keyRotatedAt };
  }

  async findMemberByNumber(memberNumber: string): Promise<MemberRecord | undefined> {
    return this.#db
      .selectFrom('members')
      .select(['id', 'cell_id', 'full_name', 'member_number', 'pin_hash', 'archived_at'])
      .where('member_number', '=', memberNumber)
      .executeTakeFirst();
  }

  /**
   * A member's own new PIN; the current one must be right (the slip's PIN then stops working). A wrong
   * current PIN counts like a failed sign-in from `address` (the same limits and lock). The change is
   * audited as the member's own (`actor`).
   */
  async changeMemberPin(
    memberId: string,
    currentPin: string,
    newPin: string,
    address: string,
    actor: AuditActor | null = null,
  ): Promise<void> {
    const member = await this.#db
      .selectFrom('members')
      .select(['id', 'member_number', 'pin_hash'])
      .where('id', '=', memberId)
      .executeTakeFirst();
    const pinHash = member?.pin_hash;
    if (!member || !pinHash) throw orgErrors.wrongCurrentPin();
    const verdict = await this.#limits.attempt(
      { kind: 'member', address, name: member.member_number, account: { id: member.id, secretHash: pinHash } },
      () => this.#pins.verify(pinHash, currentPin),
    );
    if (verdict.outcome === 'locked') throw orgErrors.pinLocked(verdict.retryAfterSeconds);
    if (verdict.outcome === 'limited') throw orgErrors.tooManyPinTries(verdict.retryAfterSeconds);
    if (verdict.outcome === 'wrong') throw orgErrors.wrongCurrentPin();
    const hash = this.#pins.hash(newPin);
    // Only if nobody re-issued the PIN meanwhile: an administrator's new slip wins.
    await this.#db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('members')
        .set({ pin_hash: hash })
        .where('id', '=', memberId)
        .where('pin_hash', '=', pinHash)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw orgErrors.pinReissued();
      await this.#audit.record(
        {
          actor,
          action: 'member.pin.change',
          target: { type: 'member', id: memberId },
          after: { memberNumber: member.member_number, by: 'member' },
        },
        trx,
      );
    });
    this.#ctx.log.info({ module: 'org', memberId }, 'member changed PIN');
  }

  /**
   * Rewrites a PIN stored in the old Argon2 form as a keyed hash, right after the member signed in
   * with it (the only moment the server knows it). Same PIN, so nothing to audit; skipped if the PIN
   * was changed or re-issued meanwhile, and best effort: a failure leaves the old form, which still works.
   */
  async rehashMemberPin(memberId: string, oldHash: string, pin: string): Promise<void> {
    try {
      await this.#db
        .updateTable('members')
        .set({ pin_hash: this.#pins.hash(pin) })
        .where('id', '=', memberId)
        .where('pin_hash', '=', oldHash)
        .execute();
    } catch (error) {
      this.#ctx.log.warn({ module: 'org', memberId, err: error }, 'could not rewrite an old PIN hash');
    }
  }

  /**
   * Sets a new random PIN for a member and returns it (shown once). A PIN locked after wrong tries is
   * thereby unlocked (the lock belongs to the old hash) and the member number's failures are forgiven.
   */
  async issueMemberPin(memberId: string, actor: AuditActor | null = null): Promise<IssuedPin> {
    const pin = generatePin();
    const pinHash = this.#pins.hash(pin);
    const row = await this.#db.transaction().execute(async (trx) => {
      const old = await trx
        .selectFrom('members')
        .select(['pin_hash', 'archived_at'])
        .where('id', '=', memberId)
        .executeTakeFirst();
      // An archived member gets no PIN until restored.
      if (old?.archived_at) throw orgErrors.memberIsArchived();
      const issued = await trx
        .updateTable('members')
        .set({ pin_hash: pinHash })
        .where('id', '=', memberId)
        .returning(['member_number'])
        .executeTakeFirst();
      if (!issued) throw orgErrors.memberNotFound();
      await this.#audit.record(
        {
          actor,
          action: 'member.pin.issue',
          target: { type: 'member', id: memberId },
          before: { hasPin: (old?.pin_hash ?? null) !== null },
          after: { hasPin: true, memberNumber: issued.member_number },
        },
        trx,
      );
      return issued;
    });
    await this.#limits.forgive('member', row.member_number);
    return { memberId, memberNumber: row.member_number, pin };
  }

  /** Adds an endpoint to a commune-level unit (in `db`, a caller's transaction, when given). */
  async createEndpoint(unitId: string, name: string, db: Executor = this.#db): Promise<EndpointRecord> {
    const unit = await db.selectFrom('org_units').select(['kind']).where('id', '=', unitId).executeTakeFirst();
    if (!unit) throw orgErrors.unitNotFound();
    if (unit.kind !== 'commune') throw orgErrors.endpointNeedsCommune();
    const id = randomUUID();
    await db
      .insertInto('endpoints')
      .values({ id, unit_id: unitId, name, created_at: new Date().toISOString() })
      .execute();
    return { id, unitId, name, keyVersion: 0, archivedAt: null };
  }
}

function toEndpoint(
  row: Pick<EndpointTable, 'id' | 'unit_id' | 'name' | 'archived_at'> & { key_version: number },
): EndpointRecord {
  return { id: row.id, unitId: row.unit_id, name: row.name, keyVersion: row.key_version, archivedAt: row.archived_at };
}
