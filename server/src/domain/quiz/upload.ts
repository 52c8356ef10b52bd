import type { Request, Response } from 'express';
import multer from 'multer';
import { quizErrors } from './errors.js';

export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;

const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5, parts: 6 },
}).single('file');

/**
 * Reads one uploaded spreadsheet (multipart field "file", at most 2 MB) and tells its format from
 * its name and content: XLSX must be a ZIP container, CSV must be UTF-8 text. Anything else is
 * UNSUPPORTED_MEDIA_TYPE; too large is PAYLOAD_TOO_LARGE.
 */
export async function receiveSpreadsheet(
  req: Request,
  res: Response,
): Promise<{ buffer: Buffer; format: 'xlsx' | 'csv' }> {
  if (!req.is('multipart/form-data')) throw quizErrors.notMultipart();
  await new Promise<void>((resolve, reject) => {
    upload(req, res, (error: unknown) => {
      if (error instanceof multer.MulterError) {
        reject(error.code === 'LIMIT_FILE_SIZE' ? quizErrors.fileTooLarge() : quizErrors.uploadRefused(error.code));
      } else if (error) reject(quizErrors.malformedUpload());
      else resolve();
    });
  });
  const file = req.file;
  if (!file) throw quizErrors.noFile();
  const name = file.originalname.toLowerCase();
  const isZip = file.buffer.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  if (name.endsWith('.xlsx')) {
    if (!isZip) throw quizErrors.notXlsx();
    return { buffer: file.buffer, format: 'xlsx' };
  }
  if (name.endsWith('.csv')) {
    const text = new TextDecoder('utf-8', { fatal: false }).decode(file.buffer);
    if (isZip || file.buffer.includes(0) || text.includes('\uFFFD')) throw quizErrors.csvNotUtf8();
    return { buffer: file.buffer, format: 'csv' };
  }
  throw quizErrors.unsupportedFile();
}
