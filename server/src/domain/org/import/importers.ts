import { randomUUID } from 'node:crypto';
import type { ImportResult, OrgTable, OrgUnitKind } from '@diem-cau/shared';
import type { Transaction } from 'kysely';
import type { Database } from '../../../store/database.js';
import type { DatabaseSchema } from '../../../store/schema.js';
import { PARENT_KIND } from '../admin/OrgAdminService.js';
import { orgErrors } from '../errors.js';
import {
  cellOf,
  ENDPOINT_COLUMNS,
  mapColumns,
  MEMBER_COLUMNS,
  rowError,
  UNIT_COLUMNS,
  type RowError,
} from './columns.js';
import { headerKey, type SheetRow } from './sheet.js';
import { parseBirthYear, parseDate, parseGender, parseKind, parseMemberNumber, parsePhone } from './values.js';

/** Runs inside an import's transaction once its rows are written (the audit entry), so both commit or neither. */
export type BeforeCommit = (trx: Transaction<DatabaseSchema>, result: ImportResult) => Promise<void>;
const noHook: BeforeCommit = async () => undefined;

const MAX_REPORTED_ERRORS = 500;
const CHUNK = 400;

interface UnitRef {
  id: string;
  kind: OrgUnitKind;
  name: string;
  code: string;
  parentId: string | null;
}

/** Throws BAD_REQUEST listing every bad row (line and column), so the file imports nothing. */
function fail(errors: RowError[]): never {
  const lines = new Set(errors.map((e) => e.path.split('.')[1]));
  throw orgErrors.badRows(lines.size, errors.slice(0, MAX_REPORTED_ERRORS));
}

/** `maxRows`: the data rows one file may hold (ORG_IMPORT_MAX_ROWS). */
function checkSize(data: readonly SheetRow[], maxRows: number): void {
  if (data.length === 0) fail([{ path: 'file', message: 'no_rows' }]);
  if (data.length > maxRows) throw orgErrors.tooManyRows(maxRows);
}

async function loadUnits(db: Database): Promise<UnitRef[]> {
  const rows = await db.selectFrom('org_units').select(['id', 'kind', 'name', 'code', 'parent_id']).execute();
  return rows.map((r) => ({ id: r.id, kind: r.kind, name: r.name, code: r.code, parentId: r.parent_id }));
}

/**
 * Finds a unit of `kind` by code, or by code or name in the name column (diacritics and case must match loosely); `within`
 * (a parent's name or code) narrows names that repeat across the province.
 */
function findUnit(
  units: readonly UnitRef[],
  byId: Map<string, UnitRef>,
  kind: OrgUnitKind,
  code: string,
  name: string,
  within: string,
): UnitRef | 'unknown' | 'ambiguous' {
  const ofKind = units.filter((u) => u.kind === kind);
  if (code) return ofKind.find((u) => u.code === code) ?? 'unknown';
  // Offices write either the unit's code or its name in the name column.
  const byCode = ofKind.find((u) => u.code === name);
  if (byCode) return byCode;
  let found = ofKind.filter((u) => headerKey(u.name) === headerKey(name));
  if (within) {
    const w = headerKey(within);
    found = found.filter((u) => {
      const parent = u.parentId ? byId.get(u.parentId) : undefined;
      return parent && (parent.code === within || headerKey(parent.name) === w);
    });
  }
  if (found.length === 0) return 'unknown';
  return found.length === 1 ? (found[0] as UnitRef) : 'ambiguous';
}

export async function importMembers(
  db: Database,
  rows: readonly SheetRow[],
  maxRows: number,
  beforeCommit: BeforeCommit = noHook,
): Promise<ImportResult> {
  const { index, data, errors } = mapColumns(rows, MEMBER_COLUMNS);
  if (errors.length === 0 && !index.has('cell') && !index.has('cellCode'))
    errors.push(rowError(rows.find((r) => r.cells.some(Boolean))?.line ?? 1, 'cell', 'missing_column'));
  if (errors.length > 0) fail(errors);
  checkSize(data, maxRows);
  const units = await loadUnits(db);
  const byId = new Map(units.map((u) => [u.id, u]));
  const seen = new Map<string, number>();
  const records: Array<{
    line: number;
    cellId: string;
    fullName: string;
    memberNumber: string;
    gender: 'male' | 'female';
    birthYear: number;
    phone: string | null;
    joinedOn: string | null;
  }> = [];
  for (const row of data) {
    const cell = (k: (typeof MEMBER_COLUMNS)[number]['key']) => cellOf(row, index, k);
    const e: RowError[] = [];
    const fullName = cell('fullName');
    if (!fullName) e.push(rowError(row.line, 'fullName', 'required'));
    else if (fullName.length > 200) e.push(rowError(row.line, 'fullName', 'too_long'));
    const memberNumber = parseMemberNumber(cell('memberNumber'));
    if (!cell('memberNumber')) e.push(rowError(row.line, 'memberNumber', 'required'));
    else if (!memberNumber) e.push(rowError(row.line, 'memberNumber', 'invalid_member_number'));
    else if (seen.has(memberNumber))
      e.push(rowError(row.line, 'memberNumber', `duplicate_in_file:${seen.get(memberNumber)}`));
    else seen.set(memberNumber, row.line);
    const gender = parseGender(cell('gender'));
    if (!gender) e.push(rowError(row.line, 'gender', cell('gender') ? 'invalid_gender' : 'required'));
    const birthYear = parseBirthYear(cell('birthYear'));
    if (birthYear === undefined)
      e.push(rowError(row.line, 'birthYear', cell('birthYear') ? 'invalid_year' : 'required'));
    const phoneText = cell('phone');
    const phone = phoneText ? parsePhone(phoneText) : null;
    if (phone === undefined) e.push(rowError(row.line, 'phone', 'invalid_phone'));
    const joinedText = cell('joinedOn');
    const joinedOn = joinedText ? parseDate(joinedText) : null;
    if (joinedOn === undefined) e.push(rowError(row.line, 'joinedOn', 'invalid_date'));
    else if (joinedOn && birthYear !== undefined && Number(joinedOn.slice(0, 4)) < birthYear + 16)
      e.push(rowError(row.line, 'joinedOn', 'before_age_16'));
    const cellCode = cell('cellCode');
    const cellName = cell('cell');
    let cellId: string | undefined;
    if (!cellCode && !cellName) e.push(rowError(row.line, 'cell', 'required'));
    else {
      const found = findUnit(units, byId, 'cell', cellCode, cellName, cell('commune'));
      if (found === 'unknown') e.push(rowError(row.line, cellCode ? 'cellCode' : 'cell', 'unknown_cell'));
      else if (found === 'ambiguous') e.push(rowError(row.line, 'cell', 'ambiguous_cell'));
      else cellId = found.id;
    }
    if (
      e.length > 0 ||
      !memberNumber ||
      !gender ||
      birthYear === undefined ||
      phone === undefined ||
      joinedOn === undefined ||
      !cellId
    ) {
      errors.push(...e);
      continue;
    }
    records.push({ line: row.line, cellId, fullName, memberNumber, gender, birthYear, phone, joinedOn });
  }
  if (errors.length > 0) fail(errors);

  let created = 0;
  let updated = 0;
  const warnings: RowError[] = [];
  const result = (): ImportResult => ({
    table: 'members',
    rows: records.length,
    created,
    updated,
    warnings: warnings.slice(0, MAX_REPORTED_ERRORS),
  });
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < records.length; i += CHUNK) {
      const chunk = records.slice(i, i + CHUNK);
      const rows = await trx
        .selectFrom('members')
        .select(['id', 'member_number', 'archived_at'])
        .where(
          'member_number',
          'in',
          chunk.map((r) => r.memberNumber),
        )
        .execute();
      const existing = new Map(rows.map((r) => [r.member_number, r.id]));
      const archived = new Set(rows.filter((r) => r.archived_at !== null).map((r) => r.member_number));
      for (const r of chunk) {
        const values = {
          cell_id: r.cellId,
          full_name: r.fullName,
          gender: r.gender,
          birth_year: r.birthYear,
          phone: r.phone,
          joined_on: r.joinedOn,
        };
        const id = existing.get(r.memberNumber);
        // A file never brings an archived member back: they stay archived and unchanged, and the row says so.
        if (archived.has(r.memberNumber)) {
          warnings.push(rowError(r.line, 'memberNumber', 'archived_member'));
          continue;
        }
        if (id) {
          await trx.updateTable('members').set(values).where('id', '=', id).execute();
          updated++;
        } else {
          await trx
            .insertInto('members')
            .values({ id: randomUUID(), member_number: r.memberNumber, pin_hash: null, created_at: now, ...values })
            .execute();
          created++;
        }
      }
    }
    await beforeCommit(trx, result());
  });
  return result();
}

export async function importEndpoints(
  db: Database,
  rows: readonly SheetRow[],
  maxRows: number,
  beforeCommit: BeforeCommit = noHook,
): Promise<ImportResult> {
  const { index, data, errors } = mapColumns(rows, ENDPOINT_COLUMNS);
  if (errors.length === 0 && !index.has('unit') && !index.has('unitCode'))
    errors.push(rowError(rows.find((r) => r.cells.some(Boolean))?.line ?? 1, 'unit', 'missing_column'));
  if (errors.length > 0) fail(errors);
  checkSize(data, maxRows);
  const units = await loadUnits(db);
  const byId = new Map(units.map((u) => [u.id, u]));
  const seen = new Map<string, number>();
  const records: Array<{ line: number; unitId: string; name: string }> = [];
  for (const row of data) {
    const cell = (k: (typeof ENDPOINT_COLUMNS)[number]['key']) => cellOf(row, index, k);
    const name = cell('name');
    const e: RowError[] = [];
    if (!name) e.push(rowError(row.line, 'name', 'required'));
    else if (name.length > 200) e.push(rowError(row.line, 'name', 'too_long'));
    let unitId: string | undefined;
    if (!cell('unitCode') && !cell('unit')) e.push(rowError(row.line, 'unit', 'required'));
    else {
      const found = findUnit(units, byId, 'commune', cell('unitCode'), cell('unit'), cell('district'));
      if (found === 'unknown') e.push(rowError(row.line, cell('unitCode') ? 'unitCode' : 'unit', 'unknown_unit'));
      else if (found === 'ambiguous') e.push(rowError(row.line, 'unit', 'ambiguous_unit'));
      else unitId = found.id;
    }
    const key = `${unitId}|${headerKey(name)}`;
    if (unitId && name && seen.has(key)) e.push(rowError(row.line, 'name', `duplicate_in_file:${seen.get(key)}`));
    else seen.set(key, row.line);
    if (e.length > 0 || !unitId) {
      errors.push(...e);
      continue;
    }
    records.push({ line: row.line, unitId, name });
  }
  if (errors.length > 0) fail(errors);

  let created = 0;
  let updated = 0;
  const warnings: RowError[] = [];
  const result = (): ImportResult => ({
    table: 'endpoints',
    rows: records.length,
    created,
    updated,
    warnings: warnings.slice(0, MAX_REPORTED_ERRORS),
  });
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('endpoints').select(['id', 'unit_id', 'name', 'archived_at']).execute();
    const known = new Map(existing.map((e) => [`${e.unit_id}|${headerKey(e.name)}`, e.archived_at !== null]));
    for (const r of records) {
      const isArchived = known.get(`${r.unitId}|${headerKey(r.name)}`);
      // An archived endpoint named again stays archived (no new one beside it either); the row says so.
      if (isArchived) {
        warnings.push(rowError(r.line, 'name', 'archived_endpoint'));
        continue;
      }
      if (isArchived === false) {
        updated++;
        continue;
      }
      await trx
        .insertInto('endpoints')
        .values({ id: randomUUID(), unit_id: r.unitId, name: r.name, created_at: now })
        .execute();
      created++;
    }
    await beforeCommit(trx, result());
  });
  return result();
}

export async function importUnits(
  db: Database,
  rows: readonly SheetRow[],
  maxRows: number,
  beforeCommit: BeforeCommit = noHook,
): Promise<ImportResult> {
  const { index, data, errors } = mapColumns(rows, UNIT_COLUMNS);
  if (errors.length > 0) fail(errors);
  checkSize(data, maxRows);
  const units = await loadUnits(db);
  const byCode = new Map(units.map((u) => [u.code, u]));
  const inFile = new Map<string, { kind: OrgUnitKind; line: number }>();
  const records: Array<{
    code: string;
    name: string;
    kind: OrgUnitKind;
    parentCode: string | null;
    existing: UnitRef | undefined;
  }> = [];
  for (const row of data) {
    const cell = (k: (typeof UNIT_COLUMNS)[number]['key']) => cellOf(row, index, k);
    const e: RowError[] = [];
    const code = cell('code');
    const name = cell('name');
    const kind = parseKind(cell('kind'));
    const parentCode = cell('parentCode') || null;
    if (!code) e.push(rowError(row.line, 'code', 'required'));
    else if (!/^[\p{L}\p{N}._\-/]{1,64}$/u.test(code)) e.push(rowError(row.line, 'code', 'invalid_code'));
    else if (inFile.has(code)) e.push(rowError(row.line, 'code', `duplicate_in_file:${inFile.get(code)?.line}`));
    if (!name) e.push(rowError(row.line, 'name', 'required'));
    if (!kind) e.push(rowError(row.line, 'kind', cell('kind') ? 'invalid_level' : 'required'));
    if (kind) {
      const wanted = PARENT_KIND[kind];
      if (wanted === null && parentCode) e.push(rowError(row.line, 'parentCode', 'province_has_no_parent'));
      if (wanted !== null) {
        const parentKind = parentCode ? (inFile.get(parentCode)?.kind ?? byCode.get(parentCode)?.kind) : undefined;
        if (!parentCode) e.push(rowError(row.line, 'parentCode', 'required'));
        else if (!parentKind) e.push(rowError(row.line, 'parentCode', 'unknown_unit'));
        else if (parentKind !== wanted) e.push(rowError(row.line, 'parentCode', `parent_must_be_${wanted}`));
      }
    }
    const existing = code ? byCode.get(code) : undefined;
    if (existing && kind && existing.kind !== kind) e.push(rowError(row.line, 'kind', 'cannot_change_level'));
    if (
      existing &&
      kind &&
      parentCode !== (existing.parentId ? (units.find((u) => u.id === existing.parentId)?.code ?? null) : null)
    )
      e.push(rowError(row.line, 'parentCode', 'cannot_move'));
    if (code && kind) inFile.set(code, { kind, line: row.line });
    if (e.length > 0 || !kind) {
      errors.push(...e);
      continue;
    }
    records.push({ code, name, kind, parentCode, existing });
  }
  if (errors.length > 0) fail(errors);

  let created = 0;
  let updated = 0;
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    const ids = new Map(units.map((u) => [u.code, u.id]));
    for (const r of records) {
      if (r.existing) {
        await trx.updateTable('org_units').set({ name: r.name }).where('id', '=', r.existing.id).execute();
        updated++;
        continue;
      }
      const id = randomUUID();
      await trx
        .insertInto('org_units')
        .values({
          id,
          parent_id: r.parentCode ? (ids.get(r.parentCode) ?? null) : null,
          kind: r.kind,
          name: r.name,
          code: r.code,
          created_at: now,
        })
        .execute();
      ids.set(r.code, id);
      created++;
    }
    await beforeCommit(trx, { table: 'units', rows: records.length, created, updated, warnings: [] });
  });
  return { table: 'units', rows: records.length, created, updated, warnings: [] };
}

export const IMPORTERS: Record<
  OrgTable,
  (db: Database, rows: readonly SheetRow[], maxRows: number, beforeCommit?: BeforeCommit) => Promise<ImportResult>
> = {
  members: importMembers,
  endpoints: importEndpoints,
  units: importUnits,
};
