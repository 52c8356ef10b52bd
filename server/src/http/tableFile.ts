import type { Response } from 'express';
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';

/** A plain table to hand out as a spreadsheet: a header row and rows of cells. */
export interface SheetTable {
  title: string;
  headers: readonly string[];
  rows: readonly (readonly (string | number | null)[])[];
}

export type SheetFormat = 'csv' | 'xlsx';

/** CSV: UTF-8 with a byte-order mark (Excel then reads Vietnamese text right), CRLF line ends. */
export function sheetToCsv(table: SheetTable): Buffer {
  const text = stringify([table.headers, ...table.rows], {
    bom: true,
    record_delimiter: 'windows',
    cast: { number: (n) => String(n) },
  });
  return Buffer.from(text, 'utf8');
}

/** One sheet with a bold frozen header row and column widths from the content. */
export async function sheetToXlsx(table: SheetTable): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Điểm Cầu';
  workbook.title = table.title;
  workbook.created = new Date();
  const sheet = workbook.addWorksheet(table.title.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow([...table.headers]);
  sheet.getRow(1).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row.map((c) => (c === null ? '' : c)));
  table.headers.forEach((h, i) => {
    const longest = Math.max(h.length, ...table.rows.slice(0, 500).map((r) => String(r[i] ?? '').length));
    sheet.getColumn(i + 1).width = Math.min(60, Math.max(10, longest + 2));
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const CONTENT_TYPES: Record<SheetFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Sends `table` as an attachment `<baseName>.<format>`, never cached. */
export async function sendSheet(
  res: Response,
  table: SheetTable,
  format: SheetFormat,
  baseName: string,
): Promise<void> {
  const content = format === 'csv' ? sheetToCsv(table) : await sheetToXlsx(table);
  res
    .set({
      'Content-Type': CONTENT_TYPES[format],
      'Content-Disposition': `attachment; filename="${baseName}.${format}"`,
      'Cache-Control': 'no-store',
    })
    .end(content);
}
