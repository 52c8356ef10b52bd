import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { orgErrors } from '../errors.js';

/** Longest time a file holding secrets (keys, PINs) stays on disk. */
export const ONE_TIME_FILE_TTL_MS = 60 * 60_000;

export type SheetFormat = 'pdf' | 'xlsx';

/**
 * Files that hold secrets (endpoint sheets with pairing keys, PIN slips): written once, kept only
 * until each format was downloaded once and at most an hour, then deleted. A folder per batch
 * under DATA_DIR/one-time; the secrets are never anywhere else in readable form.
 */
export class OneTimeFiles {
  readonly #root: string;

  constructor(dataDir: string) {
    this.#root = path.join(dataDir, 'one-time');
  }

  save(files: Record<SheetFormat, Buffer>): { id: string; expiresAt: string } {
    this.sweep();
    const id = randomUUID();
    const dir = path.join(this.#root, id);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const [format, content] of Object.entries(files))
      writeFileSync(path.join(dir, `sheet.${format}`), content, { mode: 0o600 });
    return { id, expiresAt: new Date(Date.now() + ONE_TIME_FILE_TTL_MS).toISOString() };
  }

  /** The file's path for one download; the caller streams it and then calls `consumed`. */
  take(id: string, format: SheetFormat): string {
    this.sweep();
    if (!/^[0-9a-f-]{36}$/.test(id)) throw orgErrors.malformedSheetId();
    const file = path.join(this.#root, id, `sheet.${format}`);
    if (!existsSync(file)) throw orgErrors.sheetGone();
    return file;
  }

  /** After a download: that format is gone; the folder goes with its last file. */
  consumed(id: string, format: SheetFormat): void {
    const dir = path.join(this.#root, id);
    rmSync(path.join(dir, `sheet.${format}`), { force: true });
    if (existsSync(dir) && readdirSync(dir).length === 0) rmSync(dir, { recursive: true, force: true });
  }

  /**
   * Deletes every batch older than the time limit. The age is the files' own write time: removing
   * one format touches the folder's mtime, which must not extend the other format's life.
   */
  sweep(now = Date.now()): void {
    if (!existsSync(this.#root)) return;
    for (const name of readdirSync(this.#root)) {
      const dir = path.join(this.#root, name);
      try {
        const files = readdirSync(dir);
        const written = files.length > 0 ? Math.min(...files.map((f) => statSync(path.join(dir, f)).mtimeMs)) : 0;
        if (now - written > ONE_TIME_FILE_TTL_MS) rmSync(dir, { recursive: true, force: true });
      } catch {
        // Taken by a concurrent sweep or download in the meantime.
      }
    }
  }
}
