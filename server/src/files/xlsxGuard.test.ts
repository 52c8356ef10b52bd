import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectXlsx, xlsxLimitError, type XlsxLimits } from './xlsxGuard.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'xlsx-guard-'));
let n = 0;
const onDisk = (content: Buffer): string => {
  const file = path.join(dir, `${++n}.xlsx`);
  writeFileSync(file, content);
  return file;
};
const LIMITS: XlsxLimits = { maxUncompressedBytes: 100 * 1024 * 1024, maxCompressionRatio: 200, maxRows: 1_000_000 };

describe('inspectXlsx', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('counts the rows that hold a value, exactly, across the chunks the worksheet streams in', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('DS');
    for (let i = 1; i <= 5000; i++) sheet.addRow([`Nguyễn Văn ${i}`, i, 'Chi bộ thôn Đông']);
    // Formatted but empty rows (a template's borders) are not counted.
    for (let i = 5001; i <= 5400; i++) sheet.getRow(i).getCell(1).border = { top: { style: 'thin' } };
    const file = onDisk(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(await inspectXlsx(file, { ...LIMITS, maxRows: 5000 })).toEqual({ ok: true });
    expect(await inspectXlsx(file, { ...LIMITS, maxRows: 4999 })).toEqual({ ok: false, problem: 'too_many_rows' });
  });

  it('reads worksheets written with a namespace prefix and inline strings', async () => {
    const zip = new JSZip();
    const rows = Array.from(
      { length: 30 },
      (_, i) => `<x:row r="${i + 1}"><x:c r="A${i + 1}" t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c></x:row>`,
    ).join('');
    zip.file(
      'xl/worksheets/sheet1.xml',
      `<x:worksheet><x:sheetData>${rows}<x:row r="31"/></x:sheetData></x:worksheet>`,
    );
    const file = onDisk(await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    expect(await inspectXlsx(file, { ...LIMITS, maxRows: 30 })).toEqual({ ok: true });
    expect(await inspectXlsx(file, { ...LIMITS, maxRows: 29 })).toEqual({ ok: false, problem: 'too_many_rows' });
  });

  it('refuses by the declared sizes, the ratio and the entry count; anything else unreadable', async () => {
    const zip = new JSZip();
    zip.file('xl/a.xml', 'x'.repeat(3 * 1024 * 1024));
    const dense = onDisk(await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    expect(await inspectXlsx(dense, { ...LIMITS, maxUncompressedBytes: 2 * 1024 * 1024 })).toEqual({
      ok: false,
      problem: 'uncompressed_too_large',
    });
    expect(await inspectXlsx(dense, LIMITS)).toEqual({ ok: false, problem: 'compression_ratio' });
    expect(await inspectXlsx(dense, { ...LIMITS, maxCompressionRatio: 5000 })).toEqual({ ok: true });

    const many = new JSZip();
    for (let i = 0; i <= 10_000; i++) many.file(`xl/p${i}.xml`, '');
    const parts = onDisk(await many.generateAsync({ type: 'nodebuffer' }));
    expect(await inspectXlsx(parts, LIMITS)).toEqual({ ok: false, problem: 'too_many_entries' });

    const good = onDisk(Buffer.from(await new ExcelJS.Workbook().xlsx.writeBuffer()));
    expect(await inspectXlsx(good, LIMITS)).toEqual({ ok: true });
    const truncated = onDisk(readFileSync(good).subarray(0, 200));
    expect(await inspectXlsx(truncated, LIMITS)).toEqual({ ok: false, problem: 'unreadable' });
    expect(await inspectXlsx(onDisk(Buffer.from('Loại,Câu hỏi\n')), LIMITS)).toEqual({
      ok: false,
      problem: 'unreadable',
    });
  });
});

describe('xlsxLimitError', () => {
  const limits = { maxUncompressedBytes: 100 * 1024 * 1024, maxCompressionRatio: 200 };
  it('words the unpacking limits once for every import (413 with the reason), and leaves rows to the domain', () => {
    expect(xlsxLimitError('uncompressed_too_large', limits)).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: 'The workbook unpacks to more than 100 MB',
      details: [{ path: 'file', message: 'xlsx_uncompressed_too_large' }],
    });
    expect(xlsxLimitError('compression_ratio', limits)).toMatchObject({
      message: 'A part of the workbook is compressed more than 200 to 1',
      details: [{ path: 'file', message: 'xlsx_compression_ratio' }],
    });
    expect(xlsxLimitError('too_many_entries', limits)).toMatchObject({
      details: [{ path: 'file', message: 'xlsx_too_many_entries' }],
    });
    expect(xlsxLimitError('too_many_rows', limits)).toBeUndefined();
    expect(xlsxLimitError('unreadable', limits)).toBeUndefined();
  });
});
