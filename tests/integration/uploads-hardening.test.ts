import { existsSync, readdirSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ImportQuestionsResponse, SessionDocument } from '@diem-cau/shared';
import { loginToken } from '../support/orgFixture.js';
import { buildQuizFixture, type QuizFixture } from '../support/quizFixture.js';
import { startTestApp, type TestApp } from '../support/testApp.js';
import { uploadFile } from '../support/upload.js';

type ErrorReply = { error: { code: string; message: string; details?: Array<{ path: string; message: string }> } };

const PDF = Buffer.concat([
  Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n'),
  Buffer.alloc(2000, 0x20),
]);

const QUIZ_HEADER = ['Loại', 'Câu hỏi', 'Phương án A', 'Phương án B', 'Đáp án'];
const QUIZ_ROW = ['Một lựa chọn', 'Nghị quyết số mấy?', '01', '02', 'B'];
const BOM = '\uFEFF';
const csv = (rows: string[][]): string => BOM + rows.map((r) => r.join(',')).join('\r\n') + '\r\n';

async function xlsx(rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('DS');
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

interface ZipEntry {
  name: string;
  /** The entry's bytes as stored in the archive (deflated unless `stored`). */
  data: Buffer;
  crc: number;
  /** The uncompressed size the archive declares (a lying archive declares less than it holds). */
  size: number;
  stored?: boolean;
}

/** A minimal ZIP archive (local headers, central directory, end record), built by hand. */
function zipOf(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const method = e.stored ? 0 : 8;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(e.crc >>> 0, 16);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    centrals.push(central, name);
    offset += local.length + name.length + e.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const textEntry = (name: string, text: string): ZipEntry => {
  const raw = Buffer.from(text, 'utf8');
  return { name, data: raw, crc: crc32(raw), size: raw.length, stored: true };
};

/** `megabytes` of zeros, deflated a megabyte at a time (never held in memory whole). */
async function deflatedZeros(megabytes: number): Promise<{ data: Buffer; crc: number; size: number }> {
  const chunk = Buffer.alloc(1024 * 1024);
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (d: Buffer) => out.push(d));
  const finished = new Promise((resolve) => deflate.on('end', resolve));
  let crc = 0;
  for (let i = 0; i < megabytes; i++) {
    crc = crc32(chunk, crc);
    if (!deflate.write(chunk)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await finished;
  return { data: Buffer.concat(out), crc, size: megabytes * chunk.length };
}

/** An XLSX-looking archive whose worksheet is `sheet` (so it passes the content sniffing). */
function workbookWith(sheet: ZipEntry): Buffer {
  return zipOf([
    textEntry(
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
    ),
    textEntry(
      'xl/workbook.xml',
      '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="DS" sheetId="1"/></sheets></workbook>',
    ),
    sheet,
  ]);
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('uploads: streamed to disk, zip bombs, row caps, document quotas, malformed quiz files', () => {
  let t: TestApp;
  let f: QuizFixture;
  let adminToken: string;
  let bomb: Buffer;
  const tmpFiles = () => readdirSync(t.app.config.uploads.tmpDir);
  const untilNoTmpFiles = async () => {
    for (let i = 0; i < 100 && tmpFiles().length > 0; i++) await wait(20);
    return tmpFiles();
  };

  beforeAll(async () => {
    t = await startTestApp({
      DOCUMENT_MAX_BYTES: '200000',
      DOCUMENT_BYTES_PER_SESSION: '300000',
      ORG_IMPORT_MAX_ROWS: '300',
    });
    f = await buildQuizFixture(t);
    adminToken = await loginToken(t, '/auth/login', { username: f.org.admin.username, password: f.org.admin.password });
    const zeros = await deflatedZeros(200);
    bomb = workbookWith({ name: 'xl/worksheets/sheet1.xml', ...zeros });
  });
  afterAll(async () => {
    await t?.close();
  });
  afterEach(() => {
    // Every request deleted its temporary file before it answered, whatever the answer.
    expect(tmpFiles()).toEqual([]);
  });

  it('keeps uploads in a temporary folder under DATA_DIR while they arrive, and deletes them on abort too', async () => {
    expect(t.app.config.uploads.tmpDir).toBe(path.join(t.app.config.dataDir, 'uploads-tmp'));
    expect(existsSync(t.app.config.uploads.tmpDir)).toBe(true);

    const ok = await uploadFile<SessionDocument>(
      t,
      `/sessions/${f.org.otherSessionId}/documents?kind=resolution`,
      PDF,
      'nq.pdf',
      f.hostToken,
    );
    expect(ok.status).toBe(201);
    expect(tmpFiles()).toEqual([]);
    const refused = await uploadFile<ErrorReply>(
      t,
      `/sessions/${f.org.otherSessionId}/documents?kind=resolution`,
      'chỉ là văn bản',
      'nq.pdf',
      f.hostToken,
    );
    expect(refused.status).toBe(415);
    expect(tmpFiles()).toEqual([]);
    const tooLarge = await uploadFile<ErrorReply>(
      t,
      `/sessions/${f.org.otherSessionId}/documents?kind=resolution`,
      Buffer.concat([PDF, Buffer.alloc(250_000, 0x20)]),
      'big.pdf',
      f.hostToken,
    );
    expect(tooLarge.status).toBe(413);
    expect(tmpFiles()).toEqual([]);

    // A client that sends half a file and goes away: the half is on disk, then gone.
    const boundary = 'diemcau-test-boundary';
    const req = http.request({
      host: '127.0.0.1',
      port: t.port,
      method: 'POST',
      path: `/api/sessions/${f.org.otherSessionId}/documents?kind=resolution`,
      headers: {
        authorization: `Bearer ${f.hostToken}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
    });
    req.on('error', () => {});
    req.write(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="half.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    );
    req.write(Buffer.concat([PDF, Buffer.alloc(64 * 1024, 0x20)]));
    for (let i = 0; i < 200 && tmpFiles().length === 0; i++) await wait(20);
    expect(tmpFiles()).toHaveLength(1);
    req.destroy();
    expect(await untilNoTmpFiles()).toEqual([]);
  });

  it('refuses an XLSX zip bomb before unpacking it, in the organisation and the quiz import, and stays healthy', async () => {
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const org = await uploadFile<ErrorReply>(t, '/org/import/members', bomb, 'bomb.xlsx', adminToken);
    expect(org.status).toBe(413);
    expect(org.body.error).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      details: [{ path: 'file', message: 'xlsx_uncompressed_too_large' }],
    });
    expect(org.body.error.message).toContain('100 MB');
    const quiz = await uploadFile<ErrorReply>(
      t,
      `/quiz/sessions/${f.sessionId}/questions/import`,
      bomb,
      'bomb.xlsx',
      f.hostToken,
    );
    expect(quiz.status).toBe(413);
    expect(quiz.body.error).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      details: [{ path: 'file', message: 'xlsx_uncompressed_too_large' }],
    });

    // Compressed a thousand to one but small in total: refused on the ratio.
    const dense = await deflatedZeros(4);
    const ratio = await uploadFile<ErrorReply>(
      t,
      '/org/import/members',
      workbookWith({ name: 'xl/worksheets/sheet1.xml', ...dense }),
      'dense.xlsx',
      adminToken,
    );
    expect(ratio.status).toBe(413);
    expect(ratio.body.error.details).toEqual([{ path: 'file', message: 'xlsx_compression_ratio' }]);

    // An archive that declares 1 000 bytes for its 200 MB worksheet: caught while unpacking.
    const liar = workbookWith({
      name: 'xl/worksheets/sheet1.xml',
      ...(await deflatedZeros(200)),
      size: 1000,
    });
    for (const [route, token] of [
      ['/org/import/members', adminToken],
      [`/quiz/sessions/${f.sessionId}/questions/import`, f.hostToken],
    ] as const) {
      const lied = await uploadFile<ErrorReply>(t, route, liar, 'liar.xlsx', token);
      expect(lied.status, route).toBe(400);
      expect(lied.body.error.code).toBe('BAD_REQUEST');
      expect(lied.body.error.details).toEqual([{ path: 'file', message: 'malformed_xlsx' }]);
    }

    const health = await fetch(`${t.url}/healthz`);
    expect(health.status).toBe(200);
  });

  it('caps the rows of an import, naming the limit (CSV and XLSX)', async () => {
    const header = ['Mã đơn vị', 'Tên đơn vị', 'Cấp', 'Mã đơn vị cấp trên'];
    const rows = Array.from({ length: 301 }, (_, i) => [`H-CAP-${i}`, `Huyện ${i}`, 'Huyện', 'KHONG-CO']);
    for (const [file, name] of [
      [Buffer.from(csv([header, ...rows])), 'units.csv'],
      [await xlsx([header, ...rows]), 'units.xlsx'],
    ] as const) {
      const res = await uploadFile<ErrorReply>(t, '/org/import/units', file, name, adminToken);
      expect(res.status, name).toBe(400);
      expect(res.body.error.code).toBe('BAD_REQUEST');
      expect(res.body.error.message).toContain('300');
      expect(res.body.error.details).toEqual([{ path: 'file', message: 'too_many_rows' }]);
    }
    // At the limit the rows are read (and here refused for their unknown parent, row by row).
    const atLimit = await uploadFile<ErrorReply>(
      t,
      '/org/import/units',
      Buffer.from(csv([header, ...rows.slice(0, 300)])),
      'units.csv',
      adminToken,
    );
    expect(atLimit.status).toBe(400);
    expect(atLimit.body.error.details?.[0]).toEqual({ path: 'row.2.parentCode', message: 'unknown_unit' });

    const questions = Array.from({ length: 501 }, (_, i) => ['Một lựa chọn', `Câu ${i}?`, 'a', 'b', 'A']);
    for (const [file, name] of [
      [Buffer.from(csv([QUIZ_HEADER, ...questions])), 'bank.csv'],
      [await xlsx([QUIZ_HEADER, ...questions]), 'bank.xlsx'],
    ] as const) {
      const res = await uploadFile<ErrorReply>(
        t,
        `/quiz/sessions/${f.sessionId}/questions/import`,
        file,
        name,
        f.hostToken,
      );
      expect(res.status, name).toBe(400);
      expect(res.body.error.message).toContain('500');
      expect(res.body.error.details).toEqual([{ path: 'file', message: 'too_many_rows' }]);
    }
  });

  it('holds a session to 50 documents and to its total bytes', async () => {
    const sid = f.sessionId;
    for (let i = 1; i <= 50; i++) {
      const res = await uploadFile(t, `/sessions/${sid}/documents?kind=slides`, PDF, `slide-${i}.pdf`, f.hostToken);
      expect(res.status, `document ${i}`).toBe(201);
    }
    const fiftyFirst = await uploadFile<ErrorReply>(
      t,
      `/sessions/${sid}/documents?kind=slides`,
      PDF,
      'slide-51.pdf',
      f.hostToken,
    );
    expect(fiftyFirst.status).toBe(409);
    expect(fiftyFirst.body.error.code).toBe('CONFLICT');
    expect(fiftyFirst.body.error.message).toContain('50');
    const stored = await t.app.db.selectFrom('session_documents').select('id').where('session_id', '=', sid).execute();
    expect(stored).toHaveLength(50);

    // The other session holds one small PDF (first test); 2 × 150 kB more would pass 300 kB.
    const other = f.org.otherSessionId;
    const big = Buffer.concat([PDF, Buffer.alloc(150_000, 0x20)]);
    expect((await uploadFile(t, `/sessions/${other}/documents?kind=slides`, big, 'a.pdf', f.hostToken)).status).toBe(
      201,
    );
    const over = await uploadFile<ErrorReply>(t, `/sessions/${other}/documents?kind=slides`, big, 'b.pdf', f.hostToken);
    expect(over.status).toBe(413);
    expect(over.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(over.body.error.message).toMatch(/MB|kB/);
  });

  it('answers a malformed quiz file with 400 and the rows at fault, never 500', async () => {
    const send = (file: Buffer | string, name: string) =>
      uploadFile<ErrorReply & ImportQuestionsResponse>(
        t,
        `/quiz/sessions/${f.sessionId}/questions/import`,
        file,
        name,
        f.hostToken,
      );
    // An unclosed quote on line 3.
    const unclosed = await send(
      BOM + `${QUIZ_HEADER.join(',')}\r\n${QUIZ_ROW.join(',')}\r\n"Một lựa chọn,abc`,
      'q.csv',
    );
    expect(unclosed.status).toBe(400);
    expect(unclosed.body.error.details?.[0]?.path).toBe('row.3');
    // A quote in the middle of a field.
    const badQuote = await send(BOM + `${QUIZ_HEADER.join(',')}\r\nMột lựa chọn,"Câu" hỏi,a,b,A\r\n`, 'q.csv');
    expect(badQuote.status).toBe(400);
    expect(badQuote.body.error.details?.[0]?.path).toBe('row.2');
    // A row with more fields than there are columns (an unquoted comma in the question).
    const tooMany = await send(
      csv([QUIZ_HEADER, QUIZ_ROW, ['Một lựa chọn', 'Hà Nội', ' thủ đô?', 'a', 'b', 'A']]),
      'q.csv',
    );
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.details).toContainEqual({ path: 'row.3', message: 'too_many_fields' });
    // Wrong columns.
    const wrongColumns = await send(
      csv([
        ['STT', 'Nội dung'],
        ['1', 'x'],
      ]),
      'q.csv',
    );
    expect(wrongColumns.status).toBe(400);
    expect(wrongColumns.body.error.details?.map((d) => d.path)).toEqual(['row.1.type', 'row.1.prompt', 'row.1.answer']);
    // Empty files.
    for (const [file, name] of [
      ['', 'empty.csv'],
      [BOM, 'bom.csv'],
      ['\r\n,,,\r\n', 'commas.csv'],
    ] as const) {
      const res = await send(file, name);
      expect(res.status, name).toBe(400);
      expect(res.body.error.details, name).toEqual([{ path: 'file', message: 'empty' }]);
    }
    // Not a spreadsheet at all: a legacy code page, binary garbage, a truncated workbook, a ZIP of something else.
    const good = await xlsx([QUIZ_HEADER, QUIZ_ROW]);
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
    for (const [file, name, status] of [
      [Buffer.from('Loại,Câu hỏi,Đáp án\r\nĐúng/Sai,Trời xanh,Đúng\r\n', 'latin1'), 'latin1.csv', 415],
      [garbage, 'garbage.csv', 415],
      [good.subarray(0, Math.floor(good.length / 2)), 'half.xlsx', 400],
      [zipOf([textEntry('notes.txt', 'không phải bảng tính')]), 'notes.xlsx', 400],
      [deflateRawSync(garbage), 'deflated.xlsx', 415],
    ] as const) {
      const res = await send(file, name);
      expect(res.status, name).toBe(status);
      expect(res.body.error.code, name).toMatch(/^(BAD_REQUEST|UNSUPPORTED_MEDIA_TYPE)$/);
    }
    // And a good file still imports.
    const ok = await send(good, 'ok.xlsx');
    expect(ok.status).toBe(201);
    expect((ok.body as ImportQuestionsResponse).imported).toBe(1);
  });

  it('answers a malformed organisation CSV with the line at fault', async () => {
    const res = await uploadFile<ErrorReply>(
      t,
      '/org/import/units',
      BOM + 'Mã đơn vị,Tên đơn vị,Cấp\r\nH-1,"Huyện một,Huyện\r\n',
      'units.csv',
      adminToken,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.details?.[0]?.path).toBe('row.2');
  });
});
