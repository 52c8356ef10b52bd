import { randomUUID } from 'node:crypto';
import type {
  ArchivedFilter,
  CreateEndpointRequest,
  CreateUnitRequest,
  Endpoint,
  Member,
  MemberPage,
  OrgUnit,
  OrgUnitKind,
  UpdateEndpointRequest,
  UpdateUnitRequest,
  memberInputSchema,
  updateMemberRequestSchema,
} from '@diem-cau/shared';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { AppContext } from '../../../context/types.js';
import type { Database, Executor } from '../../../store/database.js';
import { foldText } from '../../../store/textFold.js';
import { orgErrors } from '../errors.js';
import type { OrgService } from '../OrgService.js';
import { revokeSubject } from '../../../auth/revokedSubjects.js';
import { isUniqueViolation } from '../../../store/constraints.js';
import { changedFields, type AuditActor, type AuditLog } from '../../audit/index.js';
import { auditedMember, memberQuery, toMember } from './memberRows.js';

/** The level a unit's parent must be at. */
export const PARENT_KIND: Record<OrgUnitKind, OrgUnitKind | null> = {
  province: null,
  district: 'province',
  commune: 'district',
  cell: 'commune',
};

type MemberInput = z.output<typeof memberInputSchema>;
type MemberPatch = z.output<typeof updateMemberRequestSchema>;

/**
 * Administration of the organisation tree, endpoints and members (admins only; see routes). Deleting
 * something that attendance evidence or other records point at is refused (CONFLICT) rather than
 * cascading the evidence away.
 */
export class OrgAdminService {
  readonly #ctx: AppContext;
  readonly #db: Database;
  readonly #org: OrgService;
  readonly #audit: AuditLog;
  readonly #deletionGuards: Record<'endpoint' | 'member', ((id: string) => Promise<boolean>)[]> = {
    endpoint: [],
    member: [],
  };

  constructor(ctx: AppContext, deps: { org: OrgService; audit: AuditLog }) {
    this.#org = deps.org;
    this.#audit = deps.audit;
    this.#ctx = ctx;
    this.#db = ctx.db;
  }

  async createUnit(input: CreateUnitRequest, actor: AuditActor | null = null): Promise<OrgUnit> {
    await this.#assertParent(input.kind, input.parentId);
    const id = randomUUID();
    const unit = { id, parentId: input.parentId, kind: input.kind, name: input.name, code: input.code };
    try {
      // Each change and its audit entry stand or fall together.
      await this.#db.transaction().execute(async (trx) => {
        await trx
          .insertInto('org_units')
          .values({
            id,
            parent_id: input.parentId,
            kind: input.kind,
            name: input.name,
            code: input.code,
            created_at: new Date().toISOString(),
          })
          .execute();
        await this.#audit.record({ actor, action: 'unit.create', target: { type: 'unit', id }, after: unit }, trx);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw orgErrors.duplicateUnitCode();
      throw error;
    }
    return unit;
  }

  async updateUnit(id: string, input: UpdateUnitRequest, actor: AuditActor | null = null): Promise<OrgUnit> {
    const changes = {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.code !== undefined && { code: input.code }),
    };
    if (Object.keys(changes).length === 0) throw orgErrors.nothingToChange();
    try {
      return await this.#db.transaction().execute(async (trx) => {
        const old = await trx.selectFrom('org_units').select(['name', 'code']).where('id', '=', id).executeTakeFirst();
        const row = await trx
          .updateTable('org_units')
          .set(changes)
          .where('id', '=', id)
          .returning(['id', 'parent_id', 'kind', 'name', 'code'])
          .executeTakeFirst();
        if (!row) throw orgErrors.unitNotFound();
        await this.#audit.record(
          {
            actor,
            action: 'unit.update',
            target: { type: 'unit', id },
            ...changedFields(old ?? {}, { name: row.name, code: row.code }),
          },
          trx,
        );
        return { id: row.id, parentId: row.parent_id, kind: row.kind, name: row.name, code: row.code };
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw orgErrors.duplicateUnitCode();
      throw error;
    }
  }

  async deleteUnit(id: string, actor: AuditActor | null = null): Promise<void> {
    const [child, endpoint, member] = await Promise.all([
      this.#db.selectFrom('org_units').select('id').where('parent_id', '=', id).executeTakeFirst(),
      this.#db.selectFrom('endpoints').select('id').where('unit_id', '=', id).executeTakeFirst(),
      this.#db.selectFrom('members').select('id').where('cell_id', '=', id).executeTakeFirst(),
    ]);
    if (child || endpoint || member) throw orgErrors.unitNotEmpty();
    await this.#db.transaction().execute(async (trx) => {
      const row = await trx
        .deleteFrom('org_units')
        .where('id', '=', id)
        .returning(['parent_id', 'kind', 'name', 'code'])
        .executeTakeFirst();
      if (!row) throw orgErrors.unitNotFound();
      await this.#audit.record(
        {
          actor,
          action: 'unit.delete',
          target: { type: 'unit', id },
          before: { parentId: row.parent_id, kind: row.kind, name: row.name, code: row.code },
        },
        trx,
      );
    });
  }

  async createEndpoint(input: CreateEndpointRequest, actor: AuditActor | null = null): Promise<Endpoint> {
    const created = await this.#db.transaction().execute(async (trx) => {
      const endpoint = await this.#org.createEndpoint(input.unitId, input.name, trx);
      await this.#audit.record(
        {
          actor,
          action: 'endpoint.create',
          target: { type: 'endpoint', id: endpoint.id },
          after: { name: endpoint.name, unitId: endpoint.unitId },
        },
        trx,
      );
      return endpoint;
    });
    return this.endpoint(created.id);
  }

  async updateEndpoint(id: string, input: UpdateEndpointRequest, actor: AuditActor | null = null): Promise<Endpoint> {
    if (input.unitId !== undefined) {
      const unit = await this.#db
        .selectFrom('org_units')
        .select('kind')
        .where('id', '=', input.unitId)
        .executeTakeFirst();
      if (!unit) throw orgErrors.unitNotFound();
      if (unit.kind !== 'commune') throw orgErrors.endpointNeedsCommune('unitId');
    }
    const changes = {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.unitId !== undefined && { unit_id: input.unitId }),
    };
    if (Object.keys(changes).length === 0) throw orgErrors.nothingToChange();
    await this.#db.transaction().execute(async (trx) => {
      const old = await trx.selectFrom('endpoints').select(['name', 'unit_id']).where('id', '=', id).executeTakeFirst();
      const row = await trx
        .updateTable('endpoints')
        .set(changes)
        .where('id', '=', id)
        .returning(['name', 'unit_id'])
        .executeTakeFirst();
      if (!old || !row) throw orgErrors.endpointNotFound();
      await this.#audit.record(
        {
          actor,
          action: 'endpoint.update',
          target: { type: 'endpoint', id },
          ...changedFields({ name: old.name, unitId: old.unit_id }, { name: row.name, unitId: row.unit_id }),
        },
        trx,
      );
    });
    return this.endpoint(id);
  }

  /**
   * Lets the domain that keeps records about endpoints or members (invitations, attendance,
   * check-ins) refuse their deletion: `isReferenced(id)` true means the row stays (CONFLICT).
   */
  addDeletionGuard(kind: 'endpoint' | 'member', isReferenced: (id: string) => Promise<boolean>): void {
    this.#deletionGuards[kind].push(isReferenced);
  }

  async #isReferenced(kind: 'endpoint' | 'member', id: string): Promise<boolean> {
    for (const guard of this.#deletionGuards[kind]) if (await guard(id)) return true;
    return false;
  }

  async deleteEndpoint(id: string, actor: AuditActor | null = null): Promise<void> {
    if (await this.#isReferenced('endpoint', id)) throw orgErrors.endpointHasSessions();
    await this.#db.transaction().execute(async (trx) => {
      const row = await trx
        .deleteFrom('endpoints')
        .where('id', '=', id)
        .returning(['name', 'unit_id'])
        .executeTakeFirst();
      if (!row) throw orgErrors.endpointNotFound();
      await this.#audit.record(
        {
          actor,
          action: 'endpoint.delete',
          target: { type: 'endpoint', id },
          before: { name: row.name, unitId: row.unit_id },
        },
        trx,
      );
    });
    // Its tokens no longer pass the key check; its open sockets (a paired TV's) are closed now.
    this.#ctx.live.disconnect({ device: id });
  }

  async listMembers(filter: {
    q?: string;
    unitId?: string;
    archived?: ArchivedFilter;
    limit: number;
    offset: number;
  }): Promise<MemberPage> {
    let q = memberQuery(this.#db);
    const archived = filter.archived ?? 'exclude';
    if (archived === 'exclude') q = q.where('m.archived_at', 'is', null);
    if (archived === 'only') q = q.where('m.archived_at', 'is not', null);
    if (filter.unitId) {
      const u = filter.unitId;
      q = q.where((eb) =>
        eb.or([
          eb('m.cell_id', '=', u),
          eb('cell.parent_id', '=', u),
          eb('commune.parent_id', '=', u),
          eb('district.parent_id', '=', u),
        ]),
      );
    }
    if (filter.q) {
      const text = foldText(filter.q).replace(/[%_\\]/g, (c) => `\\${c}`);
      q = q.where((eb) =>
        eb.or([
          sql<boolean>`fold(${eb.ref('m.full_name')}) like ${`%${text}%`} escape '\\'`,
          sql<boolean>`fold(${eb.ref('m.member_number')}) like ${`${text}%`} escape '\\'`,
        ]),
      );
    }
    const totalRow = await q
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const rows = await q
      .orderBy('m.full_name')
      .orderBy('m.member_number')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute();
    return { total: Number(totalRow.n), items: rows.map(toMember) };
  }

  async getMember(id: string, db: Executor = this.#db): Promise<Member> {
    const row = await memberQuery(db).where('m.id', '=', id).executeTakeFirst();
    if (!row) throw orgErrors.memberNotFound();
    return toMember(row);
  }

  async createMember(input: MemberInput, actor: AuditActor | null = null): Promise<Member> {
    await this.#assertCell(input.cellId);
    const id = randomUUID();
    try {
      return await this.#db.transaction().execute(async (trx) => {
        await trx
          .insertInto('members')
          .values({
            id,
            cell_id: input.cellId,
            full_name: input.fullName,
            member_number: input.memberNumber,
            gender: input.gender,
            birth_year: input.birthYear,
            phone: input.phone ?? null,
            joined_on: input.joinedOn ?? null,
            pin_hash: null,
            created_at: new Date().toISOString(),
          })
          .execute();
        const member = await this.getMember(id, trx);
        await this.#audit.record(
          { actor, action: 'member.create', target: { type: 'member', id }, after: auditedMember(member) },
          trx,
        );
        return member;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw orgErrors.duplicateMemberNumber();
      throw error;
    }
  }

  async updateMember(id: string, input: MemberPatch, actor: AuditActor | null = null): Promise<Member> {
    const changes = {
      ...(input.cellId !== undefined && { cell_id: input.cellId }),
      ...(input.fullName !== undefined && { full_name: input.fullName }),
      ...(input.memberNumber !== undefined && { member_number: input.memberNumber }),
      ...(input.gender !== undefined && { gender: input.gender }),
      ...(input.birthYear !== undefined && { birth_year: input.birthYear }),
      ...(input.phone !== undefined && { phone: input.phone }),
      ...(input.joinedOn !== undefined && { joined_on: input.joinedOn }),
    };
    if (Object.keys(changes).length === 0) throw orgErrors.nothingToChange();
    if (input.cellId !== undefined) await this.#assertCell(input.cellId);
    try {
      return await this.#db.transaction().execute(async (trx) => {
        const before = await this.getMember(id, trx);
        const result = await trx.updateTable('members').set(changes).where('id', '=', id).executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1) throw orgErrors.memberNotFound();
        const after = await this.getMember(id, trx);
        await this.#audit.record(
          {
            actor,
            action: 'member.update',
            target: { type: 'member', id },
            ...changedFields(auditedMember(before), auditedMember(after)),
          },
          trx,
        );
        return after;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw orgErrors.duplicateMemberNumber();
      throw error;
    }
  }

  async deleteMember(id: string, actor: AuditActor | null = null): Promise<void> {
    if (await this.#isReferenced('member', id)) throw orgErrors.memberHasAttendance();
    await this.#db.transaction().execute(async (trx) => {
      const before = await this.getMember(id, trx);
      const result = await trx.deleteFrom('members').where('id', '=', id).executeTakeFirst();
      if (Number(result.numDeletedRows) !== 1) throw orgErrors.memberNotFound();
      await this.#audit.record(
        { actor, action: 'member.delete', target: { type: 'member', id }, before: auditedMember(before) },
        trx,
      );
    });
    // Its tokens are refused from now on (new sockets), and its open phones are disconnected on every node.
    await revokeSubject(this.#ctx, id);
    this.#ctx.live.disconnect({ subject: id });
  }

  async #assertParent(kind: OrgUnitKind, parentId: string | null): Promise<void> {
    const wanted = PARENT_KIND[kind];
    if (wanted === null) {
      if (parentId !== null) throw orgErrors.provinceHasNoParent();
      return;
    }
    if (parentId === null) throw orgErrors.parentRequired(kind, wanted);
    const parent = await this.#db.selectFrom('org_units').select('kind').where('id', '=', parentId).executeTakeFirst();
    if (!parent) throw orgErrors.parentUnitNotFound();
    if (parent.kind !== wanted) throw orgErrors.wrongParentKind(kind, wanted);
  }

  async #assertCell(cellId: string): Promise<void> {
    const cell = await this.#db.selectFrom('org_units').select('kind').where('id', '=', cellId).executeTakeFirst();
    if (!cell) throw orgErrors.cellNotFound();
    if (cell.kind !== 'cell') throw orgErrors.memberNeedsCell();
  }

  /** One endpoint as the admin screens show it, archived or not. */
  async endpoint(id: string): Promise<Endpoint> {
    const all = await this.#org.listEndpoints({ archived: 'include' });
    const found = all.find((e) => e.id === id);
    if (!found) throw orgErrors.endpointNotFound();
    return found;
  }
}
