import type { OrgTable } from '@diem-cau/shared';
import type { Database } from '../../../store/database.js';
import { ENDPOINT_COLUMNS, MEMBER_COLUMNS, UNIT_COLUMNS } from './columns.js';
import { writeCsv, writeXlsx } from './sheet.js';
import { formatDate, GENDER_TITLE, KIND_TITLE } from './values.js';

interface Table {
  sheet: string;
  header: string[];
  rows: string[][];
}

async function membersTable(db: Database): Promise<Table> {
  const rows = await db
    .selectFrom('members as m')
    .innerJoin('org_units as cell', 'cell.id', 'm.cell_id')
    .leftJoin('org_units as commune', 'commune.id', 'cell.parent_id')
    .select([
      'm.full_name',
      'm.member_number',
      'm.gender',
      'm.birth_year',
      'm.phone',
      'm.joined_on',
      'cell.name as cell_name',
      'cell.code as cell_code',
      'commune.name as commune_name',
    ])
    // The roster as it stands: archived members are kept (and listed on request), not exported.
    .where('m.archived_at', 'is', null)
    .orderBy('cell.code')
    .orderBy('m.full_name')
    .execute();
  return {
    sheet: 'Đảng viên',
    header: MEMBER_COLUMNS.map((c) => c.title),
    rows: rows.map((r) => [
      r.full_name,
      r.member_number,
      GENDER_TITLE[r.gender],
      String(r.birth_year),
      r.phone ?? '',
      formatDate(r.joined_on),
      r.cell_name,
      r.cell_code,
      r.commune_name ?? '',
    ]),
  };
}

async function endpointsTable(db: Database): Promise<Table> {
  const rows = await db
    .selectFrom('endpoints as e')
    .innerJoin('org_units as c', 'c.id', 'e.unit_id')
    .leftJoin('org_units as d', 'd.id', 'c.parent_id')
    .select(['e.name', 'c.name as unit_name', 'c.code as unit_code', 'd.name as district_name', 'e.key_hash'])
    .where('e.archived_at', 'is', null)
    .orderBy('c.code')
    .orderBy('e.name')
    .execute();
  return {
    sheet: 'Điểm cầu',
    header: ENDPOINT_COLUMNS.map((c) => c.title),
    rows: rows.map((r) => [r.name, r.unit_name, r.unit_code, r.district_name ?? '', r.key_hash ? 'Có' : 'Không']),
  };
}

async function unitsTable(db: Database): Promise<Table> {
  const rows = await db
    .selectFrom('org_units as u')
    .leftJoin('org_units as p', 'p.id', 'u.parent_id')
    .select(['u.code', 'u.name', 'u.kind', 'p.code as parent_code'])
    .execute();
  const order = { province: 0, district: 1, commune: 2, cell: 3 } as const;
  rows.sort((a, b) => order[a.kind] - order[b.kind] || a.code.localeCompare(b.code));
  return {
    sheet: 'Đơn vị',
    header: UNIT_COLUMNS.map((c) => c.title),
    rows: rows.map((r) => [r.code, r.name, KIND_TITLE[r.kind], r.parent_code ?? '']),
  };
}

const TABLES: Record<OrgTable, (db: Database) => Promise<Table>> = {
  members: membersTable,
  endpoints: endpointsTable,
  units: unitsTable,
};
const FILE_NAMES: Record<OrgTable, string> = { members: 'dang-vien', endpoints: 'diem-cau', units: 'don-vi' };

/** An export in the same columns the import reads (CSV UTF-8 with BOM, or XLSX). */
export async function exportTable(
  db: Database,
  table: OrgTable,
  format: 'csv' | 'xlsx',
): Promise<{ filename: string; contentType: string; content: Buffer }> {
  const t = await TABLES[table](db);
  if (format === 'csv')
    return {
      filename: `${FILE_NAMES[table]}.csv`,
      contentType: 'text/csv; charset=utf-8',
      content: writeCsv(t.header, t.rows),
    };
  return {
    filename: `${FILE_NAMES[table]}.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    content: await writeXlsx(t.sheet, t.header, t.rows),
  };
}
