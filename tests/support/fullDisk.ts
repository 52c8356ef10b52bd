import { closeSync, openSync, statfsSync, writeSync } from 'node:fs';
import path from 'node:path';

const MB = 1024 * 1024;

/** Free bytes an unprivileged writer has on the disk holding `dir`. */
export function freeBytes(dir: string): number {
  const s = statfsSync(dir);
  return s.bavail * s.bsize;
}

/** Writes zeros into `file` until its disk has at most `leaveBytes` free (ENOSPC ends it early). */
export function fillDisk(file: string, leaveBytes: number): void {
  const fd = openSync(file, 'a');
  try {
    for (const chunk of [MB, 4096]) {
      const zeros = Buffer.alloc(chunk);
      while (freeBytes(path.dirname(file)) - chunk >= leaveBytes) {
        try {
          writeSync(fd, zeros);
        } catch {
          break;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
}
