import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Request, Response } from 'express';
import multer from 'multer';
import { AppError } from '../errors/AppError.js';
import { assertRoomFor, isDiskFull, storageFull } from '../files/storageRoom.js';

/** An uploaded file, on disk in the temporary folder until the request that brought it ends. */
export interface UploadedFile {
  /** The name the client gave it (UTF-8). */
  originalname: string;
  path: string;
  size: number;
}

/** The errors a receiver answers with; a domain may pass its own named ones. */
export interface UploadErrors {
  notMultipart(): AppError;
  tooLarge(maxBytes: number): AppError;
  refused(multerCode: string): AppError;
  malformed(): AppError;
  noFile(): AppError;
}

const GENERIC_ERRORS: UploadErrors = {
  notMultipart: () => new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the file as multipart/form-data, field "file"'),
  tooLarge: (maxBytes) =>
    new AppError('PAYLOAD_TOO_LARGE', `The file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB`),
  refused: (multerCode) => new AppError('BAD_REQUEST', `Upload refused: ${multerCode}`),
  malformed: () => new AppError('BAD_REQUEST', 'Malformed upload'),
  noFile: () =>
    new AppError('BAD_REQUEST', 'No file in field "file"', { details: [{ path: 'file', message: 'required' }] }),
};

/** Left by a process that died mid-request; younger files may be another node's (a shared DATA_DIR). */
const STALE_MS = 60 * 60 * 1000;
const prepared = new Set<string>();

/** Creates the temporary folder (once per process and folder) and clears what a crash left in it. */
function prepareFolder(dir: string): void {
  if (prepared.has(dir)) return;
  mkdirSync(dir, { recursive: true });
  const now = Date.now();
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    try {
      if (now - statSync(file).mtimeMs > STALE_MS) rmSync(file, { force: true });
    } catch {
      // removed meanwhile
    }
  }
  prepared.add(dir);
}

/** The files multer named for each request, so they can be deleted whatever happens to it. */
const filesOf = new WeakMap<Request, string[]>();

async function removeFilesOf(req: Request): Promise<void> {
  const files = filesOf.get(req) ?? [];
  filesOf.delete(req);
  await Promise.all(files.map((file) => rm(file, { force: true })));
}

/**
 * Receives one file (multipart/form-data, field "file", at most `maxBytes`) by streaming it to a
 * file in `tmpDir` (created now, at start), hands it to `use`, and deletes it before the request is
 * answered — on success, on refusal, and when the client goes away mid-upload (multer removes a
 * partial file; the response's `close` removes anything left). PAYLOAD_TOO_LARGE beyond the limit,
 * UNSUPPORTED_MEDIA_TYPE for another body type, STORAGE_FULL when the file would take the disk's
 * reserve (checked before the first byte is written) or the disk fills up while it arrives.
 */
export function receiveFile(
  maxBytes: number,
  storage: { tmpDir: string; storageReserveBytes: number },
  errors: UploadErrors = GENERIC_ERRORS,
): <T>(req: Request, res: Response, use: (file: UploadedFile) => Promise<T>) => Promise<T> {
  const { tmpDir, storageReserveBytes } = storage;
  prepareFolder(tmpDir);
  const upload = multer({
    storage: multer.diskStorage({
      destination: (_req, _file, cb) => {
        mkdir(tmpDir, { recursive: true }).then(
          () => cb(null, tmpDir),
          (error: Error) => cb(error, tmpDir),
        );
      },
      filename: (req, _file, cb) => {
        const name = `${randomUUID()}.upload`;
        filesOf.set(req, [...(filesOf.get(req) ?? []), path.join(tmpDir, name)]);
        cb(null, name);
      },
    }),
    limits: { fileSize: maxBytes, files: 1, fields: 4, parts: 5 },
  }).single('file');

  return async (req, res, use) => {
    if (!req.is('multipart/form-data')) throw errors.notMultipart();
    // The body's length when the client says it (browsers do), else the most it may be.
    const announced = Number(req.headers['content-length']);
    await assertRoomFor(tmpDir, Math.min(announced > 0 ? announced : maxBytes, maxBytes), storageReserveBytes);
    let handling = true;
    // The connection closed while the file was still arriving or after the answer: nothing may stay.
    res.once('close', () => {
      if (!handling) void removeFilesOf(req);
    });
    try {
      await new Promise<void>((resolve, reject) => {
        upload(req, res, (error: unknown) => {
          if (isDiskFull(error)) reject(storageFull());
          else if (error instanceof multer.MulterError) {
            reject(error.code === 'LIMIT_FILE_SIZE' ? errors.tooLarge(maxBytes) : errors.refused(error.code));
          } else if (error) reject(errors.malformed());
          else resolve();
        });
      });
      const file = req.file;
      if (!file) throw errors.noFile();
      // Busboy hands the name over as latin1; browsers send UTF-8 (Vietnamese names).
      const originalname = Buffer.from(file.originalname, 'latin1').toString('utf8');
      return await use({ originalname, path: file.path, size: file.size });
    } finally {
      handling = false;
      await removeFilesOf(req);
    }
  };
}
