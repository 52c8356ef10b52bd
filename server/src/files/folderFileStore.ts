import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Config } from '../config/config.js';
import { fileErrors } from './errors.js';
import {
  assertFileKey,
  assertFilePrefix,
  type ByteRange,
  type FileInfo,
  type FileSource,
  type FileStore,
  type PutOptions,
  type StoredFile,
} from './fileStore.js';
import { assertRoomFor, isDiskFull, storageFull } from './storageRoom.js';

/** Where writes in progress live: inside the root, so the final rename stays on one file system. */
const TEMP_FOLDER = '.tmp';
/** A temporary file this old was left by a process that died; a younger one may be another node's write. */
const STALE_MS = 60 * 60 * 1000;
/** A write longer than announced (or of unknown length) looks at the disk reserve again every this many bytes. */
const RECHECK_BYTES = 16 * 1024 * 1024;

const codeOf = (error: unknown): unknown => (error as { code?: unknown } | null)?.code;
const isMissing = (error: unknown): boolean => codeOf(error) === 'ENOENT' || codeOf(error) === 'ENOTDIR';

async function writeAll(handle: FileHandle, chunk: Uint8Array): Promise<void> {
  for (let offset = 0; offset < chunk.byteLength;) {
    const { bytesWritten } = await handle.write(chunk, offset, chunk.byteLength - offset);
    offset += bytesWritten;
  }
}

/** Makes a rename in `dir` durable. Some file systems refuse to fsync a folder; they order renames themselves. */
async function syncFolder(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => undefined);
  await handle?.sync().catch(() => undefined);
  await handle?.close().catch(() => undefined);
}

/**
 * The file store in a folder (FILES_DIR, DATA_DIR/files by default; one folder shared by the nodes of
 * a cluster). A key is a path below the folder. A write goes to `.tmp/` first and is fsynced, then
 * renamed onto its key and the folder fsynced: the key names the whole file or none, even across a
 * crash, and readers holding the old file keep reading it. Files are readable by the server's user only.
 */
export class FolderFileStore implements FileStore {
  readonly #root: string;
  readonly #temp: string;
  readonly #reserveBytes: number;
  #ready: Promise<void> | undefined;

  constructor(options: { root: string; reserveBytes: number }) {
    this.#root = path.resolve(options.root);
    this.#temp = path.join(this.#root, TEMP_FOLDER);
    this.#reserveBytes = options.reserveBytes;
  }

  get root(): string {
    return this.#root;
  }

  /** Creates the folder (once per instance) and clears what a crash left in `.tmp/`. */
  #prepare(): Promise<void> {
    this.#ready ??= (async () => {
      await mkdir(this.#temp, { recursive: true });
      const now = Date.now();
      for (const name of await readdir(this.#temp)) {
        const file = path.join(this.#temp, name);
        const info = await stat(file).catch(() => undefined);
        if (info && now - info.mtimeMs > STALE_MS) await rm(file, { force: true });
      }
    })().catch((error: unknown) => {
      this.#ready = undefined;
      throw error;
    });
    return this.#ready;
  }

  #pathOf(key: string): string {
    assertFileKey(key);
    const file = path.resolve(this.#root, ...key.split('/'));
    // The key rules already keep it inside; this says so again for whatever a future rule lets through.
    if (!file.startsWith(this.#root + path.sep)) throw fileErrors.badKey('outside the store');
    return file;
  }

  async put(key: string, source: FileSource, options: PutOptions = {}): Promise<StoredFile> {
    const file = this.#pathOf(key);
    await this.#prepare();
    const expected = options.expectedBytes ?? 0;
    await assertRoomFor(this.#root, expected, this.#reserveBytes);
    const temp = path.join(this.#temp, `${randomUUID()}.part`);
    const hash = createHash('sha256');
    let size = 0;
    let nextCheck = expected + RECHECK_BYTES;
    let handle: FileHandle | undefined;
    try {
      handle = await open(temp, 'wx', 0o600);
      for await (const chunk of source) {
        size += chunk.byteLength;
        if (options.maxBytes !== undefined && size > options.maxBytes) throw fileErrors.tooLarge(options.maxBytes);
        if (size > nextCheck) {
          // Past what was checked up front: stop once the disk is into its reserve.
          await assertRoomFor(this.#root, 0, this.#reserveBytes);
          nextCheck = size + RECHECK_BYTES;
        }
        hash.update(chunk);
        await writeAll(handle, chunk);
      }
      await handle.sync();
      await handle.close();
      handle = undefined;
      const folder = path.dirname(file);
      await mkdir(folder, { recursive: true });
      await rename(temp, file);
      await syncFolder(folder);
      return { key, sizeBytes: size, sha256: hash.digest('hex') };
    } catch (error) {
      await handle?.close().catch(() => undefined);
      await rm(temp, { force: true });
      throw isDiskFull(error) ? storageFull() : error;
    }
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    const file = this.#pathOf(key);
    let handle: FileHandle;
    try {
      handle = await open(file, 'r');
    } catch (error) {
      if (isMissing(error)) throw fileErrors.notFound();
      throw error;
    }
    try {
      const info = await handle.stat();
      if (!info.isFile()) throw fileErrors.notFound();
      if (range && !(range.start >= 0 && range.start <= range.end && range.end < info.size))
        throw fileErrors.rangeNotSatisfiable(info.size);
      // The stream owns the handle from here: it closes it at the end, on error and on destroy.
      return handle.createReadStream(range ? { start: range.start, end: range.end } : {});
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async stat(key: string): Promise<FileInfo | undefined> {
    const file = this.#pathOf(key);
    try {
      const info = await stat(file);
      return info.isFile() ? { key, sizeBytes: info.size, modifiedAt: info.mtime } : undefined;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<boolean> {
    const file = this.#pathOf(key);
    try {
      await unlink(file);
      return true;
    } catch (error) {
      // A key naming a folder has no file to delete (EISDIR on Linux, EPERM elsewhere).
      if (isMissing(error) || codeOf(error) === 'EISDIR' || codeOf(error) === 'EPERM') return false;
      throw error;
    }
  }

  async list(prefix: string): Promise<FileInfo[]> {
    assertFilePrefix(prefix);
    const cut = prefix.lastIndexOf('/') + 1;
    const folderKey = prefix.slice(0, cut);
    const found: FileInfo[] = [];
    const walk = async (relative: string, namePrefix: string): Promise<void> => {
      const entries = await readdir(path.join(this.#root, relative), { withFileTypes: true }).catch(
        (error: unknown) => {
          if (isMissing(error)) return [];
          throw error;
        },
      );
      for (const entry of entries) {
        if (entry.name.startsWith('.') || !entry.name.startsWith(namePrefix)) continue;
        const key = `${relative}${entry.name}`;
        if (entry.isDirectory()) await walk(`${key}/`, '');
        else if (entry.isFile()) {
          const info = await this.stat(key).catch(() => undefined);
          if (info) found.push(info);
        }
      }
    };
    await walk(folderKey, prefix.slice(cut));
    return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
}

const stores = new Map<string, FolderFileStore>();

/** The deployment's file store, from its configuration (one instance per folder and reserve in a process). */
export function openFileStore(config: Pick<Config, 'files' | 'uploads'>): FileStore {
  const id = `${config.files.dir}\0${config.uploads.storageReserveBytes}`;
  let store = stores.get(id);
  if (!store) {
    store = new FolderFileStore({ root: config.files.dir, reserveBytes: config.uploads.storageReserveBytes });
    stores.set(id, store);
  }
  return store;
}
