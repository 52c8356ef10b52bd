import type { Executor } from '../../store/database.js';

// Reads of the org tables (org_units, endpoints, members) that other domains need. Only org writes
// these tables; everyone else reads them through here.

const CHUNK = 500;

function chunks<T>(list: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK));
  return out;
}

/** An endpoint with the commune it stands in and that commune's district. */
export interface EndpointPlace {
  id: string;
  name: string;
  communeId: string;
  communeName: string;
  communeCode: string;
  districtId: string | null;
  districtName: string | null;
}

/** A member with their cell, commune and district. */
export interface MemberPlace {
  id: string;
  memberNumber: string;
  fullName: string;
  gender: 'male' | 'female';
  birthYear: number;
  cellId: string;
  cellName: string;
  communeId: string;
  communeName: string;
  districtId: string | null;
  districtName: string | null;
}

export async function endpointPlaces(db: Executor, ids: readonly string[]): Promise<EndpointPlace[]> {
  const out: EndpointPlace[] = [];
  for (const part of chunks([...new Set(ids)])) {
    const rows = await db
      .selectFrom('endpoints as e')
      .innerJoin('org_units as c', 'c.id', 'e.unit_id')
      .leftJoin('org_units as d', 'd.id', 'c.parent_id')
      .select([
        'e.id',
        'e.name',
        'c.id as commune_id',
        'c.name as commune_name',
        'c.code as commune_code',
        'd.id as district_id',
        'd.name as district_name',
      ])
      .where('e.id', 'in', part)
      .execute();
    for (const r of rows) {
      out.push({
        id: r.id,
        name: r.name,
        communeId: r.commune_id,
        communeName: r.commune_name,
        communeCode: r.commune_code,
        districtId: r.district_id,
        districtName: r.district_name,
      });
    }
  }
  return out;
}

/** The endpoint's name, or undefined for an unknown id. */
export async function endpointNameOf(db: Executor, id: string): Promise<string | undefined> {
  const row = await db.selectFrom('endpoints').select('name').where('id', '=', id).executeTakeFirst();
  return row?.name;
}

function memberPlaceQuery(db: Executor) {
  return db
    .selectFrom('members as m')
    .innerJoin('org_units as cell', 'cell.id', 'm.cell_id')
    .innerJoin('org_units as c', 'c.id', 'cell.parent_id')
    .leftJoin('org_units as d', 'd.id', 'c.parent_id')
    .select([
      'm.id',
      'm.member_number',
      'm.full_name',
      'm.gender',
      'm.birth_year',
      'cell.id as cell_id',
      'cell.name as cell_name',
      'c.id as commune_id',
      'c.name as commune_name',
      'd.id as district_id',
      'd.name as district_name',
    ]);
}

type MemberPlaceRow = Awaited<ReturnType<ReturnType<typeof memberPlaceQuery>['execute']>>[number];

function toMemberPlace(r: MemberPlaceRow): MemberPlace {
  return {
    id: r.id,
    memberNumber: r.member_number,
    fullName: r.full_name,
    gender: r.gender,
    birthYear: r.birth_year,
    cellId: r.cell_id,
    cellName: r.cell_name,
    communeId: r.commune_id,
    communeName: r.commune_name,
    districtId: r.district_id,
    districtName: r.district_name,
  };
}

/**
 * Members of the cells of the given communes (a session's invited members are those of its endpoints'
 * communes) as they stood at `at` (the session's start): a member archived after it still belongs
 * to the session, one archived before it does not. Without `at` (not started yet), active members only.
 */
export async function membersOfCommunes(
  db: Executor,
  communeIds: readonly string[],
  at: string | null = null,
): Promise<MemberPlace[]> {
  const out: MemberPlace[] = [];
  for (const part of chunks([...new Set(communeIds)])) {
    const rows = await memberPlaceQuery(db)
      .where('c.id', 'in', part)
      .where((eb) =>
        at === null
          ? eb('m.archived_at', 'is', null)
          : eb.or([eb('m.archived_at', 'is', null), eb('m.archived_at', '>', new Date(at).toISOString())]),
      )
      .execute();
    for (const r of rows) out.push(toMemberPlace(r));
  }
  return out;
}

/** Is the member archived (false for an unknown id: a deleted member is revoked otherwise)? */
export async function isMemberArchived(db: Executor, memberId: string): Promise<boolean> {
  const row = await db.selectFrom('members').select('archived_at').where('id', '=', memberId).executeTakeFirst();
  return (row?.archived_at ?? null) !== null;
}

/** Changes whenever a member is archived or restored (a report of a session not yet started depends on it). */
export async function memberArchiveStamp(db: Executor): Promise<{ n: number; last: string | null }> {
  const row = await db
    .selectFrom('members')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('archived_at').as('last')])
    .where('archived_at', 'is not', null)
    .executeTakeFirstOrThrow();
  return { n: Number(row.n), last: row.last ?? null };
}

export async function memberPlaces(db: Executor, memberIds: readonly string[]): Promise<MemberPlace[]> {
  const out: MemberPlace[] = [];
  for (const part of chunks([...new Set(memberIds)])) {
    for (const r of await memberPlaceQuery(db).where('m.id', 'in', part).execute()) out.push(toMemberPlace(r));
  }
  return out;
}

/** Names and numbers of members, by id (ids that do not exist are left out). */
export async function memberNames(
  db: Executor,
  memberIds: readonly string[],
): Promise<Map<string, { fullName: string; memberNumber: string }>> {
  const out = new Map<string, { fullName: string; memberNumber: string }>();
  for (const part of chunks([...new Set(memberIds)])) {
    const rows = await db
      .selectFrom('members')
      .select(['id', 'full_name', 'member_number'])
      .where('id', 'in', part)
      .execute();
    for (const r of rows) out.set(r.id, { fullName: r.full_name, memberNumber: r.member_number });
  }
  return out;
}

/** The commune an endpoint stands in (its members are those of that commune's cells). */
export async function communeOfEndpoint(db: Executor, endpointId: string): Promise<string | undefined> {
  const row = await db.selectFrom('endpoints').select('unit_id').where('id', '=', endpointId).executeTakeFirst();
  return row?.unit_id;
}

/** The commune a member belongs to (their cell's parent). */
export async function communeOfMember(db: Executor, memberId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('members as m')
    .innerJoin('org_units as cell', 'cell.id', 'm.cell_id')
    .select('cell.parent_id')
    .where('m.id', '=', memberId)
    .executeTakeFirst();
  return row?.parent_id ?? undefined;
}

export async function unitKind(db: Executor, unitId: string): Promise<string | undefined> {
  const row = await db.selectFrom('org_units').select('kind').where('id', '=', unitId).executeTakeFirst();
  return row?.kind;
}
