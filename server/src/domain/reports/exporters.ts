import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import type { ExportTable } from './exportTables.js';

/**
 * CSV of one table: UTF-8 with a byte-order mark (so Excel opens Vietnamese text correctly),
 * CRLF line ends, quoting by csv-stringify.
 */
export function tableToCsv(table: ExportTable): Buffer {
  const text = stringify([table.headers, ...table.rows], {
    bom: true,
    record_delimiter: 'windows',
    cast: { number: (n) => String(n) },
  });
  return Buffer.from(text, 'utf8');
}

/** Workbook with one sheet per table, a bold frozen header row and sensible column widths. */
export async function tablesToXlsx(tables: readonly ExportTable[], meta: { title: string }): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Điểm Cầu';
  workbook.title = meta.title;
  workbook.created = new Date();
  for (const table of tables) {
    const sheet = workbook.addWorksheet(table.title.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.addRow(table.headers);
    sheet.getRow(1).font = { bold: true };
    for (const row of table.rows) sheet.addRow(row.map((c) => (c === null ? '' : c)));
    table.headers.forEach((h, i) => {
      const longest = Math.max(h.length, ...table.rows.slice(0, 500).map((r) => String(r[i] ?? '').length));
      sheet.getColumn(i + 1).width = Math.min(60, Math.max(10, longest + 2));
    });
  }
  const data = await workbook.xlsx.writeBuffer();
  return Buffer.from(data);
}
