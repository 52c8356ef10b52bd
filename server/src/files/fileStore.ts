import type { Readable } from 'node:stream';
import { fileErrors } from './errors.js';

/** Bytes `start` to `end` of a file, both included (as HTTP's Range header counts them). */
export interface ByteRange {
  start: number;
  end: number;
}

/** What `put` wrote: the digest is of the bytes as stored, so a reader can check its copy. */
export interface StoredFile {
  key: string;
  sizeBytes: number;
  sha256: string;
}

export interface FileInfo {
  key: string;
  sizeBytes: number;
  modifiedAt: Date;
}

export interface PutOptions {
  /** A source longer than this is refused (PAYLOAD_TOO_LARGE) and nothing is kept. */
  maxBytes?: number;
  /** What the caller means to write, for the disk reserve check before the first byte. */
  expectedBytes?: number;
}

/** Bytes from a stream (a Readable is one), or chunks already in memory (`[buffer]`). */
export type FileSource = AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

/**
 * Where files live (documents, report exports, recording segments): out of the SQL store, by key.
 * A key is a relative path of `/`-separated segments (see `assertFileKey`), e.g.
 * `documents/<id>`, `reports/<id>/csv-members`, `recordings/<session>/<track>/000042.webm`: a
 * writer may put many small files under one prefix and `list` them back.
 *
 * Every implementation keeps these promises: a file appears under its key whole or not at all
 * (a crash or a refused write never leaves part of one there); a put of an existing key replaces
 * it whole, and a reader that already opened the old one reads the old one to its end; a write that
 * would take the disk's reserve for the evidence store is refused with STORAGE_FULL.
 */
export interface FileStore {
  /** Writes `source` under `key` (replacing what was there) and tells its size and SHA-256. */
  put(key: string, source: FileSource, options?: PutOptions): Promise<StoredFile>;
  /** The file's bytes, or only `range` of them; NOT_FOUND when there is no such file. */
  get(key: string, range?: ByteRange): Promise<Readable>;
  stat(key: string): Promise<FileInfo | undefined>;
  /** True when a file was removed. */
  delete(key: string): Promise<boolean>;
  /**
   * Files whose key starts with `prefix`, in key order: `recordings/s1/` lists a folder's tree,
   * `recordings/s1/seg-00` the files of `recordings/s1` whose names start with `seg-00`.
   */
  list(prefix: string): Promise<FileInfo[]>;
}

/** One segment: starts with a letter or digit (so never `.`, `..` or a hidden name), then [A-Za-z0-9._-]. */
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;
const MAX_KEY_LENGTH = 1024;
const MAX_DEPTH = 16;

function keyProblem(key: string, allowTrailingSlash: boolean): string | undefined {
  if (typeof key !== 'string' || key.length === 0) return 'empty';
  if (key.length > MAX_KEY_LENGTH) return 'too long';
  const segments = (allowTrailingSlash && key.endsWith('/') ? key.slice(0, -1) : key).split('/');
  if (segments.length > MAX_DEPTH) return 'too deep';
  if (!segments.every((s) => SEGMENT.test(s))) return 'a segment is not [A-Za-z0-9][A-Za-z0-9._-]*';
  return undefined;
}

/**
 * Refuses (BAD_REQUEST) a key that could name anything outside the store: absolute paths, `..`,
 * empty or hidden segments, backslashes, control or non-ASCII characters. Implementations check
 * every key they are given with this, whoever built it.
 */
export function assertFileKey(key: string): void {
  const problem = keyProblem(key, false);
  if (problem) throw fileErrors.badKey(problem);
}

/** A `list` prefix: a key, a key ending in `/`, or a key whose last segment is cut short. */
export function assertFilePrefix(prefix: string): void {
  const problem = keyProblem(prefix, true);
  if (problem) throw fileErrors.badKey(problem);
}
