import { AppError } from '../errors/AppError.js';

const megabytes = (bytes: number): string => `${Math.max(1, Math.round(bytes / 1024 / 1024))} MB`;

/** Every error the file store answers with; a full disk is storageRoom.ts's STORAGE_FULL. */
export const fileErrors = {
  notFound: () => new AppError('NOT_FOUND', 'No such file'),
  /** A key the store refuses: it could name something outside the store's folder. */
  badKey: (problem: string) =>
    new AppError('BAD_REQUEST', 'Invalid file key', { details: [{ path: 'key', message: problem }] }),
  /** The source went on past the size the writer allowed; nothing was kept. */
  tooLarge: (maxBytes: number) => new AppError('PAYLOAD_TOO_LARGE', `The file is larger than ${megabytes(maxBytes)}`),
  /** A range outside the file (Content-Range: bytes *\/size tells the client its size). */
  rangeNotSatisfiable: (sizeBytes: number) =>
    new AppError('RANGE_NOT_SATISFIABLE', `The file has ${sizeBytes} bytes; the range asked for is outside them`),
} satisfies Record<string, (...args: never[]) => AppError>;
