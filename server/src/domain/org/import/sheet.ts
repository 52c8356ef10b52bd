import ExcelJS from 'exceljs';
import { fileTypeFromBuffer } from 'file-type';
import { parse as parseCsv } from 'csv-parse/sync';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import { orgErrors } from '../errors.js';

/** A data row with its line: the CSV line or the worksheet row number. */
export interface SheetRow {
  line: number;
  cells: string[];
}

export type SheetFormat = 'csv' | 'xlsx';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Tells an uploaded spreadsheet's format from its content: an XLSX workbook (ZIP with a workbook
 * inside), or UTF-8 text for CSV. Anything else (a PDF, an old .xls, a CSV in a legacy code page)
 * is UNSUPPORTED_MEDIA_TYPE.
 */
export async function detectSheetFormat(buffer: Buffer): Promise<SheetFormat> {
  const type = await fileTypeFromBuffer(buffer);
  if (type?.mime === XLSX_MIME) return 'xlsx';
  if (type) throw orgErrors.notASpreadsheet(type.ext, type.mime);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(buffer);
  if (buffer.includes(0) || text.includes('\uFFFD')) {
    throw orgErrors.csvNotUtf8();
  }
  return 'csv';
}

/** Two-digit day/month and four-digit year of a date cell, as YYYY-MM-DD. */
const isoDate = (d: Date): string => d.toISOString().slice(0, 10);

function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v instanceof Date) return isoDate(v);
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  return cell.text;
}

export async function readSheet(buffer: Buffer, format: SheetFormat): Promise<SheetRow[]> {
  if (format === 'csv') {
    let records: Array<{ record: string[]; info: { lines: number } }>;
    try {
      records = parseCsv(buffer, {
        bom: true,
        relax_column_count: true,
        skip_empty_lines: false,
        info: true,
      }) as unknown as typeof records;
    } catch (error) {
      throw orgErrors.unreadableCsv((error as Error).message);
    }
    return records.map((r) => ({ line: r.info.lines, cells: r.record.map((c) => c.normalize('NFC').trim()) }));
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw orgErrors.unreadableXlsx();
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c)).normalize('NFC').trim());
    rows.push({ line, cells });
  });
  return rows;
}

/** CSV UTF-8 with a byte-order mark, so spreadsheet programs show Vietnamese correctly. */
export function writeCsv(header: readonly string[], rows: readonly (readonly string[])[]): Buffer {
  const text = stringifyCsv([header as string[], ...(rows as string[][])], { record_delimiter: '\r\n' });
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

export async function writeXlsx(
  sheetName: string,
  header: readonly string[],
  rows: readonly (readonly string[])[],
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow([...header]).font = { bold: true };
  for (const r of rows) sheet.addRow([...r]);
  sheet.columns.forEach((col) => {
    col.width = 24;
    // Text cells: member numbers and phone numbers keep their leading zeros.
    col.numFmt = '@';
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Header text → comparable key: no diacritics (đ → d), lower case, single spaces. */
export function headerKey(title: string): string {
  return title
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}
