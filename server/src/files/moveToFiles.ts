import type { Logger } from '../logging/logger.js';
import type { FileStore, StoredFile } from './fileStore.js';

/** SQL rows that still hold their file's bytes, as their owning domain reads and updates them. */
export interface RowsHoldingBytes<Id> {
  /** Up to `limit` rows whose bytes are still in SQL (ids only: the bytes are read one row at a time). */
  pending(limit: number): Promise<Id[]>;
  /** The row's bytes; undefined when it was deleted or moved meanwhile. */
  bytesOf(id: Id): Promise<Buffer | undefined>;
  /** The file store key of the row's file: derived from the row alone, so every attempt writes the same key. */
  keyOf(id: Id): string;
  /**
   * Gives the row its key (and what `stored` says) and empties its bytes, in one statement that only a
   * row still without a key takes: true when this call moved it.
   */
  markMoved(id: Id, stored: StoredFile): Promise<boolean>;
  exists(id: Id): Promise<boolean>;
}

const BATCH = 50;

/**
 * Moves bytes out of SQL rows into the file store, row by row: the file is written whole under the
 * row's key, then the row takes the key. Safe to run again and on several nodes at once: a crash
 * between the two steps leaves a file the next run writes again, and a row moved by another node
 * keeps the same key. A row deleted meanwhile has its file removed. Stops at the first failure (a
 * full disk, an outage) and leaves the rest where they are, readable from their rows, for the next
 * start; it never stops the server from starting.
 */
export async function moveRowsToFiles<Id>(
  files: FileStore,
  rows: RowsHoldingBytes<Id>,
  log: Logger,
): Promise<{ moved: number; failed: boolean }> {
  let moved = 0;
  // A row offered twice was not taken by markMoved: stop rather than go round for ever.
  const tried = new Set<string>();
  try {
    for (;;) {
      const ids = (await rows.pending(BATCH)).filter((id) => !tried.has(rows.keyOf(id)));
      if (ids.length === 0) break;
      for (const id of ids) {
        const key = rows.keyOf(id);
        tried.add(key);
        const bytes = await rows.bytesOf(id);
        if (!bytes) continue;
        const stored = await files.put(key, [bytes], { expectedBytes: bytes.length });
        if (await rows.markMoved(id, stored)) moved++;
        else if (!(await rows.exists(id))) await files.delete(key);
      }
    }
    if (moved > 0) log.info({ moved }, 'stored bytes moved from SQL rows to the file store');
    return { moved, failed: false };
  } catch (error) {
    log.warn(
      { err: error, moved },
      'moving bytes to the file store stopped; the rest stay in SQL until the next start',
    );
    return { moved, failed: true };
  }
}
