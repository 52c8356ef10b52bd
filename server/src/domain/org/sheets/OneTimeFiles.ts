import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { AppError } from '../../../errors/AppError.js';
import type { FileStore } from '../../../files/fileStore.js';
import { orgErrors } from '../errors.js';

/** Longest time a file holding secrets (keys, PINs) stays on disk. */
export const ONE_TIME_FILE_TTL_MS = 60 * 60_000;

export type SheetFormat = 'pdf' | 'xlsx';

const PREFIX = 'one-time/';
const keyOf = (id: string, format: SheetFormat): string => `${PREFIX}${id}.${format}`;

/**
 * Files that hold secrets (endpoint sheets with pairing keys, PIN slips): written once, kept only
 * until each format was downloaded once and at most an hour, then deleted. They live in the file
 * store (`one-time/<id>.<format>`, readable by the server's user only), so a sheet a job built on
 * one node is handed out by whichever node the administrator's download reaches; the secrets are
 * never anywhere else in readable form.
 */
export class OneTimeFiles {
  readonly #files: FileStore;

  constructor(files: FileStore) {
    this.#files = files;
  }

  async save(files: Record<SheetFormat, Buffer>): Promise<{ id: string; expiresAt: string }> {
    await this.sweep();
    const id = randomUUID();
    for (const [format, content] of Object.entries(files) as [SheetFormat, Buffer][])
      await this.#files.put(keyOf(id, format), [content], { expectedBytes: content.length });
    return { id, expiresAt: new Date(Date.now() + ONE_TIME_FILE_TTL_MS).toISOString() };
  }

  /** The file for one download: its size and its bytes; the caller streams them and then calls `consumed`. */
  async take(id: string, format: SheetFormat): Promise<{ sizeBytes: number; open(): Promise<Readable> }> {
    if (!/^[0-9a-f-]{36}$/.test(id)) throw orgErrors.malformedSheetId();
    const key = keyOf(id, format);
    const info = await this.#files.stat(key);
    if (!info || Date.now() - info.modifiedAt.getTime() > ONE_TIME_FILE_TTL_MS) throw orgErrors.sheetGone();
    return {
      sizeBytes: info.sizeBytes,
      open: () =>
        this.#files.get(key).catch((error: unknown) => {
          // Taken by another download or the sweep since.
          throw error instanceof AppError && error.code === 'NOT_FOUND' ? orgErrors.sheetGone() : error;
        }),
    };
  }

  /** After a download: that format is gone. */
  async consumed(id: string, format: SheetFormat): Promise<void> {
    await this.#files.delete(keyOf(id, format));
  }

  /** Deletes every file older than the time limit: its own write time, whatever happened to the other format. */
  async sweep(now = Date.now()): Promise<void> {
    for (const file of await this.#files.list(PREFIX))
      if (now - file.modifiedAt.getTime() > ONE_TIME_FILE_TTL_MS) await this.#files.delete(file.key);
  }
}
