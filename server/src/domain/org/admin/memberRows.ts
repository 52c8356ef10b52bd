import type { Member } from '@diem-cau/shared';
import type { Executor } from '../../../store/database.js';

// The admin screens' member rows: the query, its mapping to the shared Member, and what an audit entry keeps.

/** Members with their cell and commune names, as the admin list shows them. */
export function memberQuery(db: Executor) {
  return db
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
      'm.archived_at',
    ]);
}

/** The member fields an audit entry keeps (names of places are not facts of the member). */
export function auditedMember(m: Member): Record<string, unknown> {
  return {
    fullName: m.fullName,
    memberNumber: m.memberNumber,
    cellId: m.cellId,
    gender: m.gender,
    birthYear: m.birthYear,
    phone: m.phone,
    joinedOn: m.joinedOn,
  };
}

export function toMember(r: {
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
  archived_at: string | null;
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
    archivedAt: r.archived_at,
  };
}
