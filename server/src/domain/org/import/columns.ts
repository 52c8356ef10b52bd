import type { OrgTable } from '@diem-cau/shared';
import { headerKey, type SheetRow } from './sheet.js';

/** A column of an import/export file: its Vietnamese title (used on export) and accepted aliases. */
export interface ColumnDef<K extends string> {
  key: K;
  title: string;
  aliases: readonly string[];
  required?: boolean;
}

export const MEMBER_COLUMNS = [
  { key: 'fullName', title: 'Họ và tên', aliases: ['ho ten', 'full name', 'name'], required: true },
  { key: 'memberNumber', title: 'Số thẻ đảng viên', aliases: ['so the', 'so the dv', 'member number'], required: true },
  { key: 'gender', title: 'Giới tính', aliases: ['gender'], required: true },
  { key: 'birthYear', title: 'Năm sinh', aliases: ['ngay sinh', 'birth year', 'year of birth'], required: true },
  { key: 'phone', title: 'Điện thoại', aliases: ['so dien thoai', 'sdt', 'phone'] },
  { key: 'joinedOn', title: 'Ngày vào Đảng', aliases: ['ngay vao dang chinh thuc', 'joined on', 'date joined'] },
  { key: 'cell', title: 'Chi bộ', aliases: ['ten chi bo', 'cell'] },
  { key: 'cellCode', title: 'Mã chi bộ', aliases: ['cell code'] },
  { key: 'commune', title: 'Đảng bộ cơ sở', aliases: ['dang bo', 'don vi', 'xa', 'commune'] },
] as const satisfies readonly ColumnDef<string>[];

export const ENDPOINT_COLUMNS = [
  { key: 'name', title: 'Tên điểm cầu', aliases: ['diem cau', 'endpoint', 'name'], required: true },
  { key: 'unit', title: 'Đơn vị', aliases: ['xa', 'dang bo co so', 'unit', 'commune'] },
  { key: 'unitCode', title: 'Mã đơn vị', aliases: ['unit code', 'commune code'] },
  { key: 'district', title: 'Huyện', aliases: ['cap huyen', 'district'] },
  { key: 'hasKey', title: 'Đã cấp khóa', aliases: ['has key'] },
] as const satisfies readonly ColumnDef<string>[];

export const UNIT_COLUMNS = [
  { key: 'code', title: 'Mã đơn vị', aliases: ['code', 'unit code'], required: true },
  { key: 'name', title: 'Tên đơn vị', aliases: ['ten', 'name'], required: true },
  { key: 'kind', title: 'Cấp', aliases: ['level', 'kind'], required: true },
  { key: 'parentCode', title: 'Mã đơn vị cấp trên', aliases: ['ma cap tren', 'parent code', 'parent'] },
] as const satisfies readonly ColumnDef<string>[];

export const COLUMNS_OF: Record<OrgTable, readonly ColumnDef<string>[]> = {
  members: MEMBER_COLUMNS,
  endpoints: ENDPOINT_COLUMNS,
  units: UNIT_COLUMNS,
};

export type RowError = { path: string; message: string };
export const rowError = (line: number, column: string, reason: string): RowError => ({
  path: `row.${line}.${column}`,
  message: reason,
});

/**
 * Finds the header row (the first non-empty row) and maps each known column to its index. Returns
 * the data rows after it, or the missing required columns as errors on the header's line.
 */
export function mapColumns<K extends string>(
  rows: readonly SheetRow[],
  defs: readonly ColumnDef<K>[],
): { index: Map<K, number>; data: SheetRow[]; errors: RowError[] } {
  const nonEmpty = rows.filter((r) => r.cells.some((c) => c !== ''));
  const [header, ...data] = nonEmpty;
  const index = new Map<K, number>();
  if (!header) return { index, data: [], errors: [{ path: 'file', message: 'empty' }] };
  const lookup = new Map<string, K>();
  for (const d of defs) for (const name of [d.title, ...d.aliases]) lookup.set(headerKey(name), d.key);
  header.cells.forEach((title, i) => {
    const key = lookup.get(headerKey(title));
    if (key && !index.has(key)) index.set(key, i);
  });
  const errors = defs
    .filter((d) => d.required && !index.has(d.key))
    .map((d) => rowError(header.line, d.key, 'missing_column'));
  return { index, data, errors };
}

export function cellOf<K extends string>(row: SheetRow, index: Map<K, number>, key: K): string {
  const i = index.get(key);
  return i === undefined ? '' : (row.cells[i] ?? '');
}
