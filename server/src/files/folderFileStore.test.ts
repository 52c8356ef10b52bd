import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statfsSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { FolderFileStore } from './folderFileStore.js';

const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const bytes = (n: number, seed = 7): Buffer => Buffer.from(Array.from({ length: n }, (_, i) => (i * seed + 3) % 251));

async function* chunks(parts: Buffer[], failAfter?: number): AsyncGenerator<Buffer> {
  for (const [i, part] of parts.entries()) {
    if (failAfter !== undefined && i >= failAfter) throw new Error('the source broke');
    yield part;
  }
}

describe('the file store in a folder', () => {
  const base = mkdtempSync(path.join(os.tmpdir(), 'file-store-'));
  let root: string;
  let store: FolderFileStore;
  let n = 0;

  beforeEach(() => {
    root = path.join(base, `root-${n++}`);
    store = new FolderFileStore({ root, reserveBytes: 0 });
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  /** Every file under the root, temporary ones included. */
  const everything = (): string[] =>
    readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
      .sort();

  it('writes a stream under its key and reads it back whole, by range, with its size and digest', async () => {
    const content = bytes(300_000);
    const stored = await store.put('documents/d1', chunks([content.subarray(0, 70_000), content.subarray(70_000)]));
    expect(stored).toEqual({ key: 'documents/d1', sizeBytes: content.length, sha256: sha(content) });
    expect((await buffer(await store.get('documents/d1'))).equals(content)).toBe(true);
    expect((await buffer(await store.get('documents/d1', { start: 0, end: 9 }))).equals(content.subarray(0, 10))).toBe(
      true,
    );
    const middle = await buffer(await store.get('documents/d1', { start: 123_456, end: 200_000 }));
    expect(middle.equals(content.subarray(123_456, 200_001))).toBe(true);
    expect(await store.stat('documents/d1')).toMatchObject({ key: 'documents/d1', sizeBytes: content.length });
    expect(everything()).toEqual(['documents/d1']);
  });

  it('refuses a range outside the file and a key with no file', async () => {
    await store.put('a/b', [Buffer.from('0123456789')]);
    await expect(store.get('a/b', { start: 10, end: 12 })).rejects.toMatchObject({ code: 'RANGE_NOT_SATISFIABLE' });
    await expect(store.get('a/b', { start: 5, end: 4 })).rejects.toMatchObject({ code: 'RANGE_NOT_SATISFIABLE' });
    await expect(store.get('a/c')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // A folder is not a file.
    await expect(store.get('a')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await store.stat('a')).toBeUndefined();
    expect(await store.stat('a/c')).toBeUndefined();
    expect(await store.delete('a')).toBe(false);
  });

  it('replaces a file whole: a reader that opened the old one reads the old one to its end', async () => {
    const before = bytes(200_000, 3);
    const after = bytes(1_000, 5);
    await store.put('r/x.csv', [before]);
    const reading = await store.get('r/x.csv');
    await store.put('r/x.csv', [after]);
    expect((await buffer(reading)).equals(before)).toBe(true);
    expect((await buffer(await store.get('r/x.csv'))).equals(after)).toBe(true);
  });

  it('leaves nothing under the key, and no temporary file, when the source fails or runs past its limit', async () => {
    await store.put('docs/kept', [Buffer.from('the old version')]);
    await expect(store.put('docs/kept', chunks([bytes(65_536), bytes(65_536), bytes(10)], 2))).rejects.toThrow(
      'the source broke',
    );
    await expect(store.put('docs/new', chunks([bytes(65_536), bytes(65_536)], 1))).rejects.toThrow('the source broke');
    await expect(store.put('docs/big', chunks([bytes(600), bytes(600)]), { maxBytes: 1000 })).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
    });
    expect(readFileSync(path.join(root, 'docs/kept'), 'utf8')).toBe('the old version');
    expect(everything()).toEqual(['docs/kept']);
  });

  it('refuses a write that would take the disk reserve (STORAGE_FULL) before the first byte', async () => {
    await store.put('warm', [Buffer.from('x')]);
    const disk = statfsSync(root);
    const free = disk.bavail * disk.bsize;
    await expect(store.put('huge', [Buffer.from('y')], { expectedBytes: free + 1 })).rejects.toMatchObject({
      code: 'STORAGE_FULL',
    });
    expect(everything()).toEqual(['warm']);
  });

  it('lists a prefix in key order: a folder tree, or the names that start with it', async () => {
    for (const key of ['rec/s1/a/000002.webm', 'rec/s1/a/000001.webm', 'rec/s1/b/000001.webm', 'rec/s2/x', 'rec/s10'])
      await store.put(key, [Buffer.from(key)]);
    expect((await store.list('rec/s1/')).map((f) => f.key)).toEqual([
      'rec/s1/a/000001.webm',
      'rec/s1/a/000002.webm',
      'rec/s1/b/000001.webm',
    ]);
    expect((await store.list('rec/s1/a/0000')).map((f) => [f.key, f.sizeBytes])).toEqual([
      ['rec/s1/a/000001.webm', 20],
      ['rec/s1/a/000002.webm', 20],
    ]);
    expect((await store.list('rec/s1')).map((f) => f.key)).toEqual([
      'rec/s1/a/000001.webm',
      'rec/s1/a/000002.webm',
      'rec/s1/b/000001.webm',
      'rec/s10',
    ]);
    expect(await store.list('nothing/here/')).toEqual([]);
    expect(await store.delete('rec/s1/a/000001.webm')).toBe(true);
    expect(await store.delete('rec/s1/a/000001.webm')).toBe(false);
    expect((await store.list('rec/s1/a/')).map((f) => f.key)).toEqual(['rec/s1/a/000002.webm']);
  });

  it('refuses every key that could name something outside its folder', async () => {
    mkdirSync(root, { recursive: true });
    writeFileSync(path.join(base, 'outside'), 'secret');
    const bad = [
      '',
      '../outside',
      `../${path.basename(root)}/x`,
      'a/../../outside',
      '/etc/passwd',
      'a//b',
      'a/./b',
      './a',
      'a/',
      '.tmp/x',
      '.hidden',
      'a\\..\\b',
      'C:x',
      'nul\0byte',
      'ảnh.pdf',
      'a b',
      `${'a/'.repeat(20)}x`,
      'x'.repeat(201),
    ];
    for (const key of bad) {
      await expect(store.put(key, [Buffer.from('x')]), key).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      await expect(store.get(key), key).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      await expect(store.stat(key), key).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      await expect(store.delete(key), key).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    }
    for (const prefix of ['', '../', '/', '../outside', 'a/../', '.tmp/'])
      await expect(store.list(prefix), prefix).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(readFileSync(path.join(base, 'outside'), 'utf8')).toBe('secret');
    expect(existsSync(path.join(root, 'x'))).toBe(false);
  });

  it('clears temporary files a crash left, once they are old enough not to be another node’s write', async () => {
    const temp = path.join(root, '.tmp');
    mkdirSync(temp, { recursive: true });
    writeFileSync(path.join(temp, 'dead.part'), 'half a file');
    writeFileSync(path.join(temp, 'young.part'), 'another node is writing this');
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    utimesSync(path.join(temp, 'dead.part'), twoHoursAgo, twoHoursAgo);
    await store.put('k', [Buffer.from('v')]);
    expect(readdirSync(temp)).toEqual(['young.part']);
    // Never listed, never readable by key.
    expect((await store.list('k')).map((f) => f.key)).toEqual(['k']);
  });
});
