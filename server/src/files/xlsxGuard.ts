import yauzl from 'yauzl';
import { AppError } from '../errors/AppError.js';

/**
 * What an uploaded XLSX (a ZIP of XML parts) may unpack to before a parser is given it: a small file
 * can inflate to gigabytes (a zip bomb), and the spreadsheet parsers unpack every part in memory.
 */
export interface XlsxLimits {
  /** Every entry together, unpacked. */
  maxUncompressedBytes: number;
  /** Unpacked bytes per packed byte of an entry over 1 MB unpacked (sheets pack about 10:1, a bomb 1000:1). */
  maxCompressionRatio: number;
  /** Rows holding a value in any one worksheet, the header row included. */
  maxRows: number;
}

export type XlsxProblem =
  'uncompressed_too_large' | 'compression_ratio' | 'too_many_entries' | 'too_many_rows' | 'unreadable';

export type XlsxVerdict = { ok: true } | { ok: false; problem: XlsxProblem };

/** A workbook has a few dozen parts; ten thousand is far beyond any real one. */
const MAX_ENTRIES = 10_000;
/** Small entries may pack very well (a repeated style list) and cost nothing. */
const RATIO_FLOOR_BYTES = 1024 * 1024;
const WORKSHEET = /^xl\/worksheets\/[^/]+\.xml$/i;
/** `<row …>`, `</row>`, `<v>` (a cell value) and `<is>` (an inline string), with any namespace prefix. */
const TOKEN = /<(\/?)(?:[A-Za-z_][\w.-]*:)?(row|v|is)(?=[\s>/])/g;

/**
 * Counts a worksheet's rows that hold a value, from its XML as it streams (no tree is built): a
 * guard that refuses a sheet of a million rows before a parser makes an object of every cell.
 */
class RowCounter {
  count = 0;
  #inRow = false;
  #hasValue = false;
  #carry = '';

  feed(chunk: Buffer): void {
    // Tags are ASCII, so latin1 keeps them whole whatever UTF-8 surrounds them.
    const text = this.#carry + chunk.toString('latin1');
    let end = 0;
    for (const match of text.matchAll(TOKEN)) {
      const [tag, closing, name] = match;
      if (name === 'row') {
        if (this.#inRow && this.#hasValue) this.count++;
        this.#inRow = closing !== '/';
        this.#hasValue = false;
      } else if (closing !== '/' && this.#inRow) this.#hasValue = true;
      end = match.index + tag.length;
    }
    this.#carry = text.slice(Math.max(end, text.length - 64));
  }
}

/**
 * Checks an XLSX file on disk against `limits` from the ZIP's central directory first (declared sizes
 * and ratios: a bomb is refused without unpacking a byte), then by unpacking every entry as a stream
 * with yauzl, which fails an entry that inflates past the size the directory declares — so the
 * parser, which reads the same directory, is never given more than the limit. Worksheet rows are
 * counted on the way. Anything that is not a readable ZIP is `unreadable`.
 */
export async function inspectXlsx(file: string, limits: XlsxLimits): Promise<XlsxVerdict> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(file, { autoClose: false, lazyEntries: true, validateEntrySizes: true });
  } catch {
    return { ok: false, problem: 'unreadable' };
  }
  try {
    if (zip.entryCount > MAX_ENTRIES) return { ok: false, problem: 'too_many_entries' };
    const entries: yauzl.Entry[] = [];
    let total = 0;
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith('/')) continue;
      if (entry.isEncrypted() || !entry.canDecodeFileData()) return { ok: false, problem: 'unreadable' };
      total += entry.uncompressedSize;
      if (total > limits.maxUncompressedBytes) return { ok: false, problem: 'uncompressed_too_large' };
      if (
        entry.uncompressedSize > RATIO_FLOOR_BYTES &&
        entry.uncompressedSize > limits.maxCompressionRatio * Math.max(1, entry.compressedSize)
      )
        return { ok: false, problem: 'compression_ratio' };
      entries.push(entry);
    }
    for (const entry of entries) {
      const rows = WORKSHEET.test(entry.fileName) ? new RowCounter() : undefined;
      const stream = await zip.openReadStreamPromise(entry);
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        if (!rows) continue;
        rows.feed(chunk);
        if (rows.count > limits.maxRows) {
          stream.destroy();
          return { ok: false, problem: 'too_many_rows' };
        }
      }
    }
    return { ok: true };
  } catch {
    // Not a ZIP, a truncated one, or an entry that inflates to more (or less) than it declares.
    return { ok: false, problem: 'unreadable' };
  } finally {
    zip.close();
  }
}

/**
 * The refusal of a workbook that breaks the unpacking limits, the same for every import; the rows
 * over the limit and an unreadable file are the importing domain's to word (undefined for those).
 */
export function xlsxLimitError(problem: XlsxProblem, limits: Omit<XlsxLimits, 'maxRows'>): AppError | undefined {
  const refuse = (message: string, code: string) =>
    new AppError('PAYLOAD_TOO_LARGE', message, { details: [{ path: 'file', message: code }] });
  switch (problem) {
    case 'uncompressed_too_large':
      return refuse(
        `The workbook unpacks to more than ${Math.round(limits.maxUncompressedBytes / 1024 / 1024)} MB`,
        'xlsx_uncompressed_too_large',
      );
    case 'compression_ratio':
      return refuse(
        `A part of the workbook is compressed more than ${limits.maxCompressionRatio} to 1`,
        'xlsx_compression_ratio',
      );
    case 'too_many_entries':
      return refuse('The workbook has too many parts', 'xlsx_too_many_entries');
    default:
      return undefined;
  }
}
