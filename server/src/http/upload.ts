import type { Request, Response } from 'express';
import multer from 'multer';
import { AppError } from '../errors/AppError.js';

/**
 * Receives one file (multipart/form-data, field "file") into memory, at most `maxBytes`:
 * PAYLOAD_TOO_LARGE beyond it, UNSUPPORTED_MEDIA_TYPE for another body type.
 */
export function receiveFile(
  maxBytes: number,
): (req: Request, res: Response) => Promise<{ originalname: string; buffer: Buffer }> {
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: maxBytes, files: 1, fields: 4, parts: 5 },
  }).single('file');
  return async (req, res) => {
    if (!req.is('multipart/form-data'))
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the file as multipart/form-data, field "file"');
    await new Promise<void>((resolve, reject) => {
      upload(req, res, (error: unknown) => {
        if (error instanceof multer.MulterError) {
          reject(
            error.code === 'LIMIT_FILE_SIZE'
              ? new AppError('PAYLOAD_TOO_LARGE', `The file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB`)
              : new AppError('BAD_REQUEST', `Upload refused: ${error.code}`),
          );
        } else if (error) reject(new AppError('BAD_REQUEST', 'Malformed upload'));
        else resolve();
      });
    });
    const file = req.file;
    if (!file)
      throw new AppError('BAD_REQUEST', 'No file in field "file"', {
        details: [{ path: 'file', message: 'required' }],
      });
    // Busboy hands the name over as latin1; browsers send UTF-8 (Vietnamese names).
    return { originalname: Buffer.from(file.originalname, 'latin1').toString('utf8'), buffer: file.buffer };
  };
}
