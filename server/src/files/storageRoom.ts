import { statfs } from 'node:fs/promises';
import { AppError } from '../errors/AppError.js';

/** A reserve never takes more than this share of a (small) disk. */
const MAX_RESERVE_SHARE = 0.1;

/** Free space on the disk holding `dir`, and the part of it kept for the evidence store. */
export async function roomOn(dir: string, reserveBytes: number): Promise<{ freeBytes: number; reserveBytes: number }> {
  const fs = await statfs(dir);
  const size = fs.blocks * fs.bsize;
  return {
    freeBytes: fs.bavail * fs.bsize,
    reserveBytes: Math.min(reserveBytes, Math.floor(size * MAX_RESERVE_SHARE)),
  };
}

/** STORAGE_FULL: the disk keeps what is left for attendance, check-ins and answers. */
export function storageFull(): AppError {
  return new AppError(
    'STORAGE_FULL',
    'The server is running out of disk space; uploads are refused until space is freed (live sessions go on)',
  );
}

/**
 * Refuses (STORAGE_FULL) writing `bytes` more to the disk holding `dir` if that would eat into the
 * reserve: a disk filled by uploads or recordings must still take the evidence a live session writes.
 */
export async function assertRoomFor(dir: string, bytes: number, reserveBytes: number): Promise<void> {
  const room = await roomOn(dir, reserveBytes).catch(() => undefined);
  // A disk that cannot be measured is not refused here; a write that fails is (isDiskFull).
  if (room && room.freeBytes - bytes < room.reserveBytes) throw storageFull();
}

/** The disk (or the SQL store on it) is full: ENOSPC/EDQUOT from the file system, SQLITE_FULL from SQLite. */
export function isDiskFull(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL';
}
