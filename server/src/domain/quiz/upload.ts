import { open, readFile } from 'node:fs/promises';
import type { UploadErrors } from '../../http/upload.js';
import { quizErrors } from './errors.js';

export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;

/** The quiz's own words for a refused upload (the receiver is http/upload.ts). */
export const UPLOAD_ERRORS: UploadErrors = {
  notMultipart: () => quizErrors.notMultipart(),
  tooLarge: () => quizErrors.fileTooLarge(),
  refused: (multerCode) => quizErrors.uploadRefused(multerCode),
  malformed: () => quizErrors.malformedUpload(),
  noFile: () => quizErrors.noFile(),
};

/** An uploaded spreadsheet: an XLSX stays on disk for the parser; a CSV (at most 2 MB) is read to check its text. */
export type SpreadsheetFile = { format: 'xlsx'; path: string } | { format: 'csv'; content: Buffer };

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

async function firstBytes(file: string, count: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(count);
    const { bytesRead } = await handle.read(buffer, 0, count, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * Tells an uploaded spreadsheet's format from its name and content: XLSX must be a ZIP container,
 * CSV must be UTF-8 text. Anything else is UNSUPPORTED_MEDIA_TYPE.
 */
export async function spreadsheetOf(file: { originalname: string; path: string }): Promise<SpreadsheetFile> {
  const name = file.originalname.toLowerCase();
  if (name.endsWith('.xlsx')) {
    if (!(await firstBytes(file.path, 4)).equals(ZIP_MAGIC)) throw quizErrors.notXlsx();
    return { format: 'xlsx', path: file.path };
  }
  if (name.endsWith('.csv')) {
    const content = await readFile(file.path);
    const text = new TextDecoder('utf-8', { fatal: false }).decode(content);
    if (content.subarray(0, 4).equals(ZIP_MAGIC) || content.includes(0) || text.includes('\uFFFD'))
      throw quizErrors.csvNotUtf8();
    return { format: 'csv', content };
  }
  throw quizErrors.unsupportedFile();
}
