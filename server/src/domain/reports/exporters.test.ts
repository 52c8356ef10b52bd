import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { tablesToXlsx, tableToCsv } from './exporters.js';
import { reportTables, vnTime, type Cell } from './exportTables.js';
import { fixtureInput, fixtureWithMakeup } from './fixture.test-data.js';
import { computeSessionReport } from './sessionReport.js';

const report = computeSessionReport(fixtureInput(), Date.parse('2026-03-11T00:00:00Z'));
const tables = reportTables(report);
/** What a spreadsheet shows for a cell: numbers as numbers, empty as empty text. */
const shown = (rows: Cell[][]): (string | number)[][] => rows.map((r) => r.map((c) => (c === null ? '' : c)));

describe('report exports', () => {
  it('formats times in Vietnam time', () => {
    expect(vnTime('2026-03-10T10:00:00Z')).toBe('10/03/2026 17:00:00');
    expect(vnTime(null)).toBe('');
  });

  it('writes each table as CSV with a UTF-8 BOM and Vietnamese headers, read back row for row', () => {
    for (const table of tables) {
      const csv = tableToCsv(table);
      expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const rows = parse(csv.toString('utf8'), { bom: true }) as string[][];
      expect(rows[0]).toEqual(table.headers);
      expect(rows.slice(1)).toEqual(shown(table.rows).map((r) => r.map(String)));
    }
    const members = tables.find((t) => t.key === 'members');
    expect(members?.headers.slice(0, 3)).toEqual(['Số thẻ đảng viên', 'Họ và tên', 'Giới tính']);
    const absenteeTable = tables.find((t) => t.key === 'absentees');
    if (!absenteeTable) throw new Error('no absentee table');
    const absentees = parse(tableToCsv(absenteeTable).toString('utf8'), { bom: true }) as string[][];
    expect(absentees.slice(1).map((r) => r[4])).toEqual(['Phạm Thị Dung', 'Trần Thị Bình', 'Vũ Văn Phúc']);
  });

  it('writes one XLSX sheet per table, read back row for row', async () => {
    const buffer = await tablesToXlsx(tables, { title: report.session.title });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(tables.map((t) => t.title));
    for (const table of tables) {
      const sheet = workbook.getWorksheet(table.title);
      const rows: (string | number)[][] = [];
      sheet?.eachRow({ includeEmpty: false }, (row) => {
        const values: (string | number)[] = [];
        for (let i = 1; i <= table.headers.length; i++) {
          const v = row.getCell(i).value;
          values.push(typeof v === 'number' || typeof v === 'string' ? v : '');
        }
        rows.push(values);
      });
      expect(rows[0]).toEqual(table.headers);
      expect(rows.slice(1)).toEqual(shown(table.rows));
    }
    const endpoints = workbook.getWorksheet('Điểm cầu');
    expect(endpoints?.getRow(1).getCell(6).value).toBe('Số phút kết nối');
    expect(endpoints?.getRow(3).getCell(6).value).toBe(114.5); // e1, after e2 (Xã Hai sorts first)
  });

  it('exports how each member took part, make-up included, and the make-up figures', () => {
    const withMakeup = reportTables(
      computeSessionReport(fixtureInput(fixtureWithMakeup()), Date.parse('2026-03-11T00:00:00Z')),
    );
    const members = withMakeup.find((t) => t.key === 'members');
    if (!members) throw new Error('no member table');
    const col = (name: string): number => members.headers.indexOf(name);
    expect(
      members.rows.map((r) => [r[col('Số thẻ đảng viên')], r[col('Tham dự')], r[col('Hoàn thành học bù lúc')]]),
    ).toEqual([
      ['N005', 'Tham dự trực tiếp', ''],
      ['N004', 'Học bù tại điểm cầu', '13/03/2026 17:30:00'],
      ['N001', 'Tham dự trực tiếp', ''],
      ['N002', 'Học bù cá nhân', '12/03/2026 16:00:00'],
      ['N003', 'Tham dự trực tiếp', ''],
      ['N006', 'Vắng', ''],
      ['N008', 'Học bù tại điểm cầu', '13/03/2026 17:30:00'],
      ['N007', 'Tham dự trực tiếp', ''],
    ]);
    const summary = withMakeup.find((t) => t.key === 'summary')?.rows ?? [];
    expect(summary.find((r) => r[0] === 'Số đảng viên đã học bù')?.[1]).toBe(2);
    expect(summary.find((r) => r[0] === 'Tỷ lệ hoàn thành (trực tiếp + học bù, %)')?.[1]).toBe(83.3);
    const absentees = withMakeup.find((t) => t.key === 'absentees');
    expect(absentees?.rows.map((r) => r[4])).toEqual(['Vũ Văn Phúc']);
  });
});
