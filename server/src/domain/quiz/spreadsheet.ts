import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import {
  MAX_OPTIONS,
  questionInputSchema,
  type ErrorBody,
  type Question,
  type QuestionData,
  type QuestionType,
} from '@diem-cau/shared';
import { inspectXlsx, xlsxLimitError, type XlsxLimits, type XlsxProblem } from '../../files/xlsxGuard.js';
import { quizErrors } from './errors.js';
import { normalizeAnswer } from './normalize.js';
import type { SpreadsheetFile } from './upload.js';

/**
 * The question bank as a spreadsheet (XLSX or CSV UTF-8 with BOM), one question per row:
 * Loại | Câu hỏi | Phương án A … F | Đáp án | Thời gian (giây) | Giải thích
 * - Loại: "Một lựa chọn", "Nhiều lựa chọn", "Đúng/Sai", "Trả lời ngắn" (or single, multiple,
 *   true_false, short);
 * - Đáp án: letters for choices ("B", "A, C"), "Đúng" or "Sai", or the accepted short answers
 *   separated by "|".
 * Headers match without regard to case or diacritics, and English headers are accepted too.
 */
const LETTERS = 'ABCDEF'.slice(0, MAX_OPTIONS).split('');

type Column = 'type' | 'prompt' | 'answer' | 'timeLimitS' | 'explanation' | `option${string}`;

export const COLUMN_TITLES: Record<Column, string> = {
  type: 'Loại',
  prompt: 'Câu hỏi',
  ...Object.fromEntries(LETTERS.map((l) => [`option${l}`, `Phương án ${l}`])),
  answer: 'Đáp án',
  timeLimitS: 'Thời gian (giây)',
  explanation: 'Giải thích',
};
const COLUMNS = Object.keys(COLUMN_TITLES) as Column[];

const HEADER_ALIASES: Record<string, Column> = {
  loai: 'type',
  type: 'type',
  'cau hoi': 'prompt',
  question: 'prompt',
  prompt: 'prompt',
  'dap an': 'answer',
  answer: 'answer',
  'thoi gian giay': 'timeLimitS',
  'thoi gian': 'timeLimitS',
  'time limit': 'timeLimitS',
  'time limit s': 'timeLimitS',
  'giai thich': 'explanation',
  explanation: 'explanation',
  ...Object.fromEntries(
    LETTERS.flatMap((l) => [
      [`phuong an ${l.toLowerCase()}`, `option${l}`],
      [`option ${l.toLowerCase()}`, `option${l}`],
    ]),
  ),
};

const TYPE_NAMES: Record<string, QuestionType> = {
  single: 'single',
  'mot lua chon': 'single',
  multiple: 'multiple',
  'nhieu lua chon': 'multiple',
  'true false': 'true_false',
  'dung sai': 'true_false',
  short: 'short',
  'tra loi ngan': 'short',
};
const TYPE_TITLES: Record<QuestionType, string> = {
  single: 'Một lựa chọn',
  multiple: 'Nhiều lựa chọn',
  true_false: 'Đúng/Sai',
  short: 'Trả lời ngắn',
};
const TRUE_WORDS = new Set(['dung', 'true', 'd', 'yes', 'co']);
const FALSE_WORDS = new Set(['sai', 'false', 's', 'no', 'khong']);

/** A data row with its line (spreadsheet row / CSV line) number. */
export interface SheetRow {
  line: number;
  cells: string[];
}

type RowError = NonNullable<ErrorBody['details']>[number];
const rowError = (line: number, column: Column | 'row', message: string): RowError => ({
  path: `row.${line}.${column}`,
  message,
});

/** What an import file may hold: questions (QUIZ_IMPORT_MAX_QUESTIONS), and what its XLSX may unpack to. */
export interface ImportLimits extends Omit<XlsxLimits, 'maxRows'> {
  maxQuestions: number;
}

function xlsxRefusal(problem: XlsxProblem, limits: ImportLimits) {
  if (problem === 'too_many_rows') return quizErrors.tooManyRows(limits.maxQuestions);
  return xlsxLimitError(problem, limits) ?? quizErrors.unreadableXlsx();
}

/**
 * The rows of an uploaded spreadsheet. A CSV the parser cannot read is BAD_REQUEST naming the line
 * of the record it stopped at; an XLSX is checked (unpacked size, ratio, rows: http/xlsxGuard.ts)
 * before ExcelJS reads it from its file, and one ExcelJS cannot read is BAD_REQUEST.
 */
export async function readRows(file: SpreadsheetFile, limits: ImportLimits): Promise<SheetRow[]> {
  if (file.format === 'csv') {
    let records: Array<{ record: string[]; info: { lines: number } }>;
    let lastLine = 0;
    try {
      records = parseCsv(file.content, {
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
      throw quizErrors.unreadableCsv(lastLine + 1, (error as Error).message);
    }
    return records.map((r) => ({ line: r.info.lines, cells: r.record.map((c) => c.trim()) }));
  }
  const verdict = await inspectXlsx(file.path, { ...limits, maxRows: limits.maxQuestions + 1 });
  if (!verdict.ok) throw xlsxRefusal(verdict.problem, limits);
  const workbook = new ExcelJS.Workbook();
  const rows: SheetRow[] = [];
  try {
    await workbook.xlsx.readFile(file.path);
    const sheet = workbook.worksheets[0];
    if (!sheet) return [];
    sheet.eachRow({ includeEmpty: false }, (row, line) => {
      const cells: string[] = [];
      for (let c = 1; c <= Math.max(row.cellCount, COLUMNS.length); c++) cells.push(row.getCell(c).text.trim());
      rows.push({ line, cells });
    });
  } catch {
    throw quizErrors.unreadableXlsx();
  }
  return rows;
}

/**
 * Turns spreadsheet rows (first non-empty row = headers) into at most `maxQuestions` questions, or
 * throws BAD_REQUEST with every bad row's line and column in `details` — nothing is imported unless
 * every row is good. A row with values past the last titled column (in a CSV, most often an
 * unquoted comma that shifted every field after it) is refused whole as `too_many_fields`.
 */
export function rowsToQuestions(rows: readonly SheetRow[], maxQuestions: number): QuestionData[] {
  const nonEmpty = rows.filter((r) => r.cells.some((c) => c !== ''));
  const [header, ...data] = nonEmpty;
  if (!header) throw quizErrors.emptyFile();
  const index = new Map<Column, number>();
  header.cells.forEach((title, i) => {
    const column = HEADER_ALIASES[normalizeAnswer(title)];
    if (column && !index.has(column)) index.set(column, i);
  });
  const missing = (['type', 'prompt', 'answer'] as const).filter((c) => !index.has(c));
  if (missing.length > 0) {
    throw quizErrors.missingColumns(missing.map((c) => rowError(header.line, c, 'missing_column')));
  }
  if (data.length === 0) throw quizErrors.noQuestions();
  if (data.length > maxQuestions) throw quizErrors.tooManyRows(maxQuestions);
  const width = header.cells.reduce((last, title, i) => (title === '' ? last : i + 1), 0);

  const errors: RowError[] = [];
  const questions: QuestionData[] = [];
  for (const row of data) {
    const cell = (c: Column) => {
      const i = index.get(c);
      return i === undefined ? '' : (row.cells[i] ?? '');
    };
    if (row.cells.slice(width).some((c) => c !== '')) {
      errors.push({ path: `row.${row.line}`, message: 'too_many_fields' });
      continue;
    }
    const rowErrors: RowError[] = [];
    const type = TYPE_NAMES[normalizeAnswer(cell('type'))];
    if (!type) rowErrors.push(rowError(row.line, 'type', 'unknown_type'));
    const options: string[] = [];
    if (type === 'single' || type === 'multiple') {
      for (const l of LETTERS) if (cell(`option${l}`) !== '') options.push(cell(`option${l}`));
      const gap = LETTERS.findIndex(
        (l, i) => cell(`option${l}`) === '' && LETTERS.slice(i + 1).some((m) => cell(`option${m}`) !== ''),
      );
      if (gap >= 0) rowErrors.push(rowError(row.line, `option${LETTERS[gap]}`, 'option_gap'));
    }
    const answerText = cell('answer');
    let correct: number[] = [];
    let accepted: string[] = [];
    if (answerText === '') rowErrors.push(rowError(row.line, 'answer', 'required'));
    else if (type === 'single' || type === 'multiple') {
      const letters = answerText
        .toUpperCase()
        .split(/[\s,;]+/)
        .filter(Boolean);
      if (letters.some((l) => !LETTERS.includes(l))) rowErrors.push(rowError(row.line, 'answer', 'bad_answer'));
      else correct = letters.map((l) => LETTERS.indexOf(l));
    } else if (type === 'true_false') {
      const word = normalizeAnswer(answerText);
      if (TRUE_WORDS.has(word)) correct = [0];
      else if (FALSE_WORDS.has(word)) correct = [1];
      else rowErrors.push(rowError(row.line, 'answer', 'bad_answer'));
    } else if (type === 'short') {
      accepted = answerText
        .split('|')
        .map((a) => a.trim())
        .filter(Boolean);
    }
    const timeText = cell('timeLimitS');
    const timeLimitS = timeText === '' ? undefined : Number(timeText);
    if (timeLimitS !== undefined && !Number.isInteger(timeLimitS))
      rowErrors.push(rowError(row.line, 'timeLimitS', 'bad_time'));
    if (rowErrors.length === 0 && type) {
      const parsed = questionInputSchema.safeParse({
        type,
        prompt: cell('prompt'),
        options,
        correct,
        accepted,
        timeLimitS,
        explanation: cell('explanation'),
      });
      if (parsed.success) questions.push(parsed.data);
      else
        for (const issue of parsed.error.issues)
          rowErrors.push(
            rowError(row.line, columnOf(String(issue.path[0] ?? '')), schemaProblem(issue.path, issue.code)),
          );
    }
    errors.push(...rowErrors);
  }
  if (errors.length > 0) {
    throw quizErrors.badRows(new Set(errors.map((e) => e.path.split('.')[1])).size, errors);
  }
  return questions;
}

/**
 * A code the host's screen words (quiz.errors.*) for what the question schema refused in a row whose
 * cells each read well: an over-long text, a time outside the limits, too few or too many options.
 */
function schemaProblem(path: readonly PropertyKey[], issue: string): string {
  const field = String(path[0] ?? '');
  if (field === 'timeLimitS') return 'bad_time';
  if (issue === 'too_big' && path.length > 1) return 'too_long';
  if (issue === 'too_big' && (field === 'prompt' || field === 'explanation')) return 'too_long';
  if (field === 'options') return 'bad_options';
  if (field === 'prompt') return 'required';
  return 'bad_answer';
}

function columnOf(field: string): Column {
  if (field === 'prompt' || field === 'explanation' || field === 'timeLimitS') return field;
  if (field === 'options') return 'optionA';
  return 'answer';
}

function toCells(q: Question): string[] {
  const answer =
    q.type === 'short'
      ? q.accepted.join(' | ')
      : q.type === 'true_false'
        ? q.correct[0] === 0
          ? 'Đúng'
          : 'Sai'
        : q.correct.map((i) => LETTERS[i]).join(', ');
  return [
    TYPE_TITLES[q.type],
    q.prompt,
    ...LETTERS.map((_, i) => q.options[i] ?? ''),
    answer,
    String(q.timeLimitS),
    q.explanation,
  ];
}

/** CSV, UTF-8 with a byte-order mark so spreadsheet programs read the Vietnamese correctly. */
export function questionsToCsv(questions: readonly Question[]): Buffer {
  const text = stringifyCsv([COLUMNS.map((c) => COLUMN_TITLES[c]), ...questions.map(toCells)], {
    record_delimiter: '\r\n',
  });
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

export async function questionsToXlsx(questions: readonly Question[], sheetName = 'Câu hỏi'): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow(COLUMNS.map((c) => COLUMN_TITLES[c])).font = { bold: true };
  for (const q of questions) sheet.addRow(toCells(q));
  sheet.columns.forEach((col, i) => {
    col.width = i === 1 ? 60 : 18;
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
