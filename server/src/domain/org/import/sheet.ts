import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { fileTypeFromFile } from 'file-type';
import { parse as parseCsv } from 'csv-parse/sync';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import { orgErrors } from '../errors.js';
import { inspectXlsx, xlsxLimitError, type XlsxLimits, type XlsxProblem } from '../../../files/xlsxGuard.js';

/** A data row with its line: the CSV line or the worksheet row number. */
export interface SheetRow {
  line: number;
  cells: string[];
}

/** What an import file may hold: data rows (the header aside), and what its XLSX may unpack to. */
export interface SheetLimits extends Omit<XlsxLimits, 'maxRows'> {
  maxRows: number;
}

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** Two-digit day/month and four-digit year of a date cell, as YYYY-MM-DD. */
const isoDate = (d: Date): string => d.toISOString().slice(0, 10);

function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v instanceof Date) return isoDate(v);
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  return cell.text;
}

function xlsxRefusal(problem: XlsxProblem, limits: SheetLimits) {
  if (problem === 'too_many_rows') return orgErrors.tooManyRows(limits.maxRows);
  return xlsxLimitError(problem, limits) ?? orgErrors.unreadableXlsx();
}

/**
 * Reads an uploaded spreadsheet from its file, telling the format from its content: an XLSX
 * workbook (ZIP with a workbook inside; its unpacked size and rows checked before it is parsed), or
 * UTF-8 text for CSV. Anything else (a PDF, an old .xls, a CSV in a legacy code page) is
 * UNSUPPORTED_MEDIA_TYPE. The row limit itself is the importers' (`checkSize`).
 */
export async function readSheet(file: string, limits: SheetLimits): Promise<SheetRow[]> {
  let type: Awaited<ReturnType<typeof fileTypeFromFile>>;
  try {
    type = await fileTypeFromFile(file);
  } catch {
    type = undefined;
  }
  if (type?.mime === XLSX_MIME) return readXlsx(file, limits);
  if (type) throw orgErrors.notASpreadsheet(type.ext, type.mime);
  const buffer = await readFile(file);
  if (buffer.subarray(0, 4).equals(ZIP_MAGIC)) throw orgErrors.unreadableXlsx();
  return readCsv(buffer);
}

function readCsv(buffer: Buffer): SheetRow[] {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(buffer);
  if (buffer.includes(0) || text.includes('\uFFFD')) {
    throw orgErrors.csvNotUtf8();
  }
  let records: Array<{ record: string[]; info: { lines: number } }>;
  let lastLine = 0;
  try {
    records = parseCsv(buffer, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: false,
      info: true,
      on_record: (record, context) => {
        lastLine = context.lines;
        return record;
      },
    }) as unknown as typeof records;
  } catch (error) {
    // The record that failed starts on the line after the last good one.
    throw orgErrors.unreadableCsv((error as Error).message, lastLine + 1);
  }
  return records.map((r) => ({ line: r.info.lines, cells: r.record.map((c) => c.normalize('NFC').trim()) }));
}

async function readXlsx(file: string, limits: SheetLimits): Promise<SheetRow[]> {
  const verdict = await inspectXlsx(file, { ...limits, maxRows: limits.maxRows + 1 });
  if (!verdict.ok) throw xlsxRefusal(verdict.problem, limits);
  const workbook = new ExcelJS.Workbook();
  const rows: SheetRow[] = [];
  try {
    await workbook.xlsx.readFile(file);
    const sheet = workbook.worksheets[0];
    if (!sheet) return [];
    sheet.eachRow({ includeEmpty: false }, (row, line) => {
      const cells: string[] = [];
      for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c)).normalize('NFC').trim());
      rows.push({ line, cells });
    });
  } catch {
    throw orgErrors.unreadableXlsx();
  }
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
