import { randomUUID } from 'node:crypto';
import type {
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
import type { Database } from '../../../store/database.js';
import { foldText } from '../../../store/textFold.js';
import { orgErrors } from '../errors.js';
import type { OrgService } from '../OrgService.js';
import { revokeSubject } from '../../../auth/revokedSubjects.js';
import { isUniqueViolation } from '../../../store/constraints.js';

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
  readonly #deletionGuards: Record<'endpoint' | 'member', ((id: string) => Promise<boolean>)[]> = {
    endpoint: [],
    member: [],
  };

  constructor(ctx: AppContext, deps: { org: OrgService }) {
    this.#org = deps.org;
    this.#ctx = ctx;
    this.#db = ctx.db;
  }

  async createUnit(input: CreateUnitRequest): Promise<OrgUnit> {
    await this.#assertParent(input.kind, input.parentId);
    const id = randomUUID();
    try {
      await this.#db
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
    } catch (error) {
      if (isUniqueViolation(error)) throw orgErrors.duplicateUnitCode();
      throw error;
    }
    return { id, parentId: input.parentId, kind: input.kind, name: input.name, code: input.code };
  }

  async updateUnit(id: string, input: UpdateUnitRequest): Promise<OrgUnit> {
    const changes = {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.code !== undefined && { code: input.code }),
    };
    if (Object.keys(changes).length === 0) throw orgErrors.nothingToChange();
    try {
      const row = await this.#db
        .updateTable('org_units')
        .set(changes)
        .where('id', '=', id)
        .returning(['id', 'parent_id', 'kind', 'name', 'code'])
        .executeTakeFirst();
      if (!row) throw orgErrors.unitNotFound();
      return { id: row.id, parentId: row.parent_id, kind: row.kind, name: row.name, code: row.code };
    } catch (error) {
      if (isUniqueViolation(error)) throw orgErrors.duplicateUnitCode();
      throw error;
    }
  }

  async deleteUnit(id: string): Promise<void> {
    const [child, endpoint, member] = await Promise.all([
      this.#db.selectFrom('org_units').select('id').where('parent_id', '=', id).executeTakeFirst(),
      this.#db.selectFrom('endpoints').select('id').where('unit_id', '=', id).executeTakeFirst(),
      this.#db.selectFrom('members').select('id').where('cell_id', '=', id).executeTakeFirst(),
    ]);
    if (child || endpoint || member) throw orgErrors.unitNotEmpty();
    const result = await this.#db.deleteFrom('org_units').where('id', '=', id).executeTakeFirst();
    if (Number(result.numDeletedRows) !== 1) throw orgErrors.unitNotFound();
  }

  async createEndpoint(input: CreateEndpointRequest): Promise<Endpoint> {
    const created = await this.#org.createEndpoint(input.unitId, input.name);
    return this.#endpoint(created.id);
  }

  async updateEndpoint(id: string, input: UpdateEndpointRequest): Promise<Endpoint> {
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
    const result = await this.#db.updateTable('endpoints').set(changes).where('id', '=', id).executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw orgErrors.endpointNotFound();
    return this.#endpoint(id);
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

  async deleteEndpoint(id: string): Promise<void> {
    if (await this.#isReferenced('endpoint', id)) throw orgErrors.endpointHasSessions();
    const result = await this.#db.deleteFrom('endpoints').where('id', '=', id).executeTakeFirst();
    if (Number(result.numDeletedRows) !== 1) throw orgErrors.endpointNotFound();
    // Its tokens no longer pass the key check; its open sockets (a paired TV's) are closed now.
    this.#ctx.live.disconnect({ device: id });
  }

  async listMembers(filter: { q?: string; unitId?: string; limit: number; offset: number }): Promise<MemberPage> {
    let q = this.#memberQuery();
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

  async getMember(id: string): Promise<Member> {
    const row = await this.#memberQuery().where('m.id', '=', id).executeTakeFirst();
    if (!row) throw orgErrors.memberNotFound();
    return toMember(row);
  }

  async createMember(input: MemberInput): Promise<Member> {
    await this.#assertCell(input.cellId);
    const id = randomUUID();
    try {
      await this.#db
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
    } catch (error) {
      if (isUniqueViolation(error)) throw orgErrors.duplicateMemberNumber();
      throw error;
    }
    return this.getMember(id);
  }

  async updateMember(id: string, input: MemberPatch): Promise<Member> {
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
      const result = await this.#db.updateTable('members').set(changes).where('id', '=', id).executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) throw orgErrors.memberNotFound();
    } catch (error) {
      if (isUniqueViolation(error)) throw orgErrors.duplicateMemberNumber();
      throw error;
    }
    return this.getMember(id);
  }

  async deleteMember(id: string): Promise<void> {
    if (await this.#isReferenced('member', id)) throw orgErrors.memberHasAttendance();
    const result = await this.#db.deleteFrom('members').where('id', '=', id).executeTakeFirst();
    if (Number(result.numDeletedRows) !== 1) throw orgErrors.memberNotFound();
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

  async #endpoint(id: string): Promise<Endpoint> {
    const all = await this.#org.listEndpoints();
    const found = all.find((e) => e.id === id);
    if (!found) throw orgErrors.endpointNotFound();
    return found;
  }

  #memberQuery() {
    return this.#db
      .selectFrom('members as m')
      .innerJoin('org_units as cell', 'cell.id', 'm.cell_id')
      .leftJoin('org_units as commune', 'commune.id', 'cell.parent_id')
      .leftJoin('org_units as district', 'district.id', 'commune.parent_id')
      .select([
        'm.id',
        'm.cell_id',
        'cell.name as cell_name',
        'commune.name as commune_name',
        'm.full_name',
        'm.member_number',
        'm.gender',
        'm.birth_year',
        'm.phone',
        'm.joined_on',
        'm.pin_hash',
        'm.synthetic',
      ]);
  }
}

function toMember(r: {
  id: string;
  cell_id: string;
  cell_name: string;
  commune_name: string | null;
  full_name: string;
  member_number: string;
  gender: 'male' | 'female';
  birth_year: number;
  phone: string | null;
  joined_on: string | null;
  pin_hash: string | null;
  synthetic: number;
}): Member {
  return {
    id: r.id,
    cellId: r.cell_id,
    cellName: r.cell_name,
    communeName: r.commune_name,
    fullName: r.full_name,
    memberNumber: r.member_number,
    gender: r.gender,
    birthYear: r.birth_year,
    phone: r.phone,
    joinedOn: r.joined_on,
    hasPin: r.pin_hash !== null,
    synthetic: r.synthetic === 1,
  };
}
