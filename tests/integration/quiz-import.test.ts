import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportQuestionsResponse, Question } from '@diem-cau/shared';
import { api } from '../support/orgFixture.js';
import { addCheckedInMembers, buildQuizFixture, type QuizFixture } from '../support/quizFixture.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

const HEADER = [
  'Loại',
  'Câu hỏi',
  'Phương án A',
  'Phương án B',
  'Phương án C',
  'Phương án D',
  'Phương án E',
  'Phương án F',
  'Đáp án',
  'Thời gian (giây)',
  'Giải thích',
];
const GOOD_ROWS = [
  ['Một lựa chọn', 'Nghị quyết số mấy?', '01', '02', '03', '', '', '', 'B', '30', 'Là số 02.'],
  [
    'Nhiều lựa chọn',
    'Những nhiệm vụ trọng tâm?',
    'Kinh tế',
    'Văn hoá',
    'Thể thao',
    'Xây dựng Đảng',
    '',
    '',
    'A, B, D',
    '45',
    '',
  ],
  ['Đúng/Sai', 'Nghị quyết có hiệu lực ngay.', '', '', '', '', '', '', 'Đúng', '', ''],
  [
    'Trả lời ngắn',
    'Thủ đô của Việt Nam?',
    '',
    '',
    '',
    '',
    '',
    '',
    'Hà Nội | Ha Noi',
    '20',
    'Hà Nội, "trái tim" của cả nước.',
  ],
];

function csv(rows: string[][]): Buffer {
  const text = rows
    .map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(','))
    .join('\r\n');
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

async function xlsx(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Câu hỏi');
  for (const r of rows) ws.addRow(r.map((c) => (/^\d+$/.test(c) && c.length < 4 ? Number(c) : c)));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function upload(t: TestApp, f: QuizFixture, file: Buffer, name: string, query = '', token = f.hostToken) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(file)]), name);
  const res = await fetch(`${t.url}/api/quiz/sessions/${f.sessionId}/questions/import${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  return {
    status: res.status,
    body: (await res.json()) as ImportQuestionsResponse & {
      error: { code: string; details: Array<{ path: string; message: string }> };
    },
  };
}

describe('question bank import and export (XLSX, CSV)', () => {
  let t: TestApp;
  let f: QuizFixture;
  const count = async () =>
    (await api<Question[]>(t, 'GET', `/quiz/sessions/${f.sessionId}/questions`, undefined, f.hostToken)).body.length;

  beforeAll(async () => {
    t = await startTestApp();
    f = await buildQuizFixture(t);
  });
  afterAll(async () => t?.close());

  it('imports a good CSV (UTF-8 with BOM) with every question type', async () => {
    const res = await upload(t, f, csv([HEADER, ...GOOD_ROWS]), 'ngan-hang.csv');
    expect(res.status).toBe(201);
    expect(res.body.imported).toBe(4);
    expect(res.body.questions.map((q) => [q.type, q.correct, q.accepted, q.timeLimitS])).toEqual([
      ['single', [1], [], 30],
      ['multiple', [0, 1, 3], [], 45],
      ['true_false', [0], [], 30],
      ['short', [], ['Hà Nội', 'Ha Noi'], 20],
    ]);
    expect(res.body.questions[3]!.explanation).toBe('Hà Nội, "trái tim" của cả nước.');
  });

  it('imports a good XLSX, appending or replacing the bank', async () => {
    const appended = await upload(t, f, await xlsx([HEADER, ...GOOD_ROWS.slice(0, 2)]), 'bank.xlsx');
    expect(appended.status).toBe(201);
    expect(appended.body.imported).toBe(2);
    expect(await count()).toBe(6);
    const replaced = await upload(t, f, await xlsx([HEADER, ...GOOD_ROWS]), 'bank.xlsx', '?mode=replace');
    expect(replaced.status).toBe(201);
    expect(await count()).toBe(4);
    // The helper wrote short digit strings as numeric cells: they are read as their displayed text.
    expect(replaced.body.questions[0]).toMatchObject({
      prompt: 'Nghị quyết số mấy?',
      options: ['1', '2', '3'],
      correct: [1],
      timeLimitS: 30,
    });
  });

  it('refuses a file with bad rows as a whole, naming each bad row and column', async () => {
    const before = await count();
    const rows = [
      HEADER,
      GOOD_ROWS[0]!,
      ['Một lựa chọn', 'Thiếu đáp án đúng', 'a', 'b', '', '', '', '', 'E', '30', ''], // line 3: answer letter not an option
      ['Loại lạ', 'x', '', '', '', '', '', '', 'A', '', ''], // line 4: unknown type
      ['Đúng/Sai', 'y', '', '', '', '', '', '', 'Có lẽ', '', ''], // line 5: not true/false
      ['Trả lời ngắn', '', '', '', '', '', '', '', 'abc', '9999', ''], // line 6: empty prompt, time out of range
    ];
    for (const [file, name] of [
      [csv(rows), 'bad.csv'],
      [await xlsx(rows), 'bad.xlsx'],
    ] as const) {
      const res = await upload(t, f, file, name);
      expect(res.status, name).toBe(400);
      expect(res.body.error.code).toBe('BAD_REQUEST');
      const paths = res.body.error.details.map((d) => d.path);
      expect(paths).toEqual(
        expect.arrayContaining(['row.3.answer', 'row.4.type', 'row.5.answer', 'row.6.prompt', 'row.6.timeLimitS']),
      );
      expect(paths.some((p) => p.startsWith('row.2.'))).toBe(false);
      // Each problem is a code the host's screen words in Vietnamese, never the validator's English.
      const byPath = new Map(res.body.error.details.map((d) => [d.path, d.message]));
      expect(byPath.get('row.6.timeLimitS')).toBe('bad_time');
      expect(byPath.get('row.6.prompt')).toBe('required');
      for (const d of res.body.error.details) expect(d.message).toMatch(/^[a-z_]+$/);
      expect(await count()).toBe(before);
    }
  });

  it('checks the upload: type, size, missing columns, and who may import', async () => {
    expect((await upload(t, f, Buffer.from('%PDF-1.4 not a sheet'), 'bank.pdf')).body.error.code).toBe(
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expect((await upload(t, f, Buffer.from('not a zip at all'), 'bank.xlsx')).status).toBe(415);
    expect((await upload(t, f, Buffer.from([0xff, 0xfe, 0x00, 0x41]), 'bank.csv')).status).toBe(415);
    expect((await upload(t, f, Buffer.alloc(3 * 1024 * 1024, 0x41), 'big.csv')).body.error.code).toBe(
      'PAYLOAD_TOO_LARGE',
    );
    const noAnswer = await upload(
      t,
      f,
      csv([
        ['Loại', 'Câu hỏi'],
        ['Một lựa chọn', 'x'],
      ]),
      'cols.csv',
    );
    expect(noAnswer.status).toBe(400);
    expect(noAnswer.body.error.details.map((d) => d.path)).toEqual(['row.1.answer']);
    expect((await upload(t, f, csv([HEADER, ...GOOD_ROWS]), 'bank.csv', '', f.otherHostToken)).status).toBe(403);
    const [member] = await addCheckedInMembers(t, f, 1, [f.org.endpoints.a1]);
    expect((await upload(t, f, csv([HEADER, ...GOOD_ROWS]), 'bank.csv', '', member!.token)).status).toBe(403);
    const json = await fetch(`${t.url}/api/quiz/sessions/${f.sessionId}/questions/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${f.hostToken}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(json.status).toBe(415);
  });

  it('exports CSV with a BOM and XLSX that import back to the same bank', async () => {
    const bank = (await api<Question[]>(t, 'GET', `/quiz/sessions/${f.sessionId}/questions`, undefined, f.hostToken))
      .body;
    const strip = (qs: Question[]) =>
      qs.map(({ type, prompt, options, correct, accepted, timeLimitS, explanation }) => ({
        type,
        prompt,
        options,
        correct,
        accepted,
        timeLimitS,
        explanation,
      }));
    for (const format of ['csv', 'xlsx'] as const) {
      const res = await fetch(`${t.url}/api/quiz/sessions/${f.sessionId}/questions/export?format=${format}`, {
        headers: { authorization: `Bearer ${f.hostToken}` },
      });
      expect(res.status).toBe(200);
      const file = Buffer.from(await res.arrayBuffer());
      if (format === 'csv') {
        expect([...file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
        expect(file.toString('utf8')).toContain('Trả lời ngắn');
      }
      const again = await upload(t, f, file, `export.${format}`, '?mode=replace');
      expect(again.status, format).toBe(201);
      expect(strip(again.body.questions)).toEqual(strip(bank));
    }
    expect(
      (
        await fetch(`${t.url}/api/quiz/sessions/${f.sessionId}/questions/export?format=pdf`, {
          headers: { authorization: `Bearer ${f.hostToken}` },
        })
      ).status,
    ).toBe(400);
  });
});
