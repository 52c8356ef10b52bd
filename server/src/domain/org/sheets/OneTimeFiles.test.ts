import { existsSync, mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ONE_TIME_FILE_TTL_MS, OneTimeFiles } from './OneTimeFiles.js';

describe('one-time files', () => {
  const dirs: string[] = [];
  const fresh = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'one-time-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('hands each format out once; the folder goes with its last file', () => {
    const root = fresh();
    const files = new OneTimeFiles(root);
    const { id } = files.save({ xlsx: Buffer.from('x'), pdf: Buffer.from('p') });
    expect(existsSync(files.take(id, 'xlsx'))).toBe(true);
    files.consumed(id, 'xlsx');
    expect(() => files.take(id, 'xlsx')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    files.take(id, 'pdf');
    files.consumed(id, 'pdf');
    expect(existsSync(path.join(root, 'one-time', id))).toBe(false);
  });

  it('deletes a batch an hour after it was written, even when one format was downloaded since', () => {
    const root = fresh();
    const files = new OneTimeFiles(root);
    const { id } = files.save({ xlsx: Buffer.from('x'), pdf: Buffer.from('p') });
    const written = (Date.now() - ONE_TIME_FILE_TTL_MS + 5_000) / 1000;
    for (const f of ['sheet.xlsx', 'sheet.pdf']) utimesSync(path.join(root, 'one-time', id, f), written, written);
    files.consumed(id, 'xlsx'); // touches the folder's mtime
    files.sweep();
    expect(() => files.take(id, 'pdf')).not.toThrow();
    files.sweep(Date.now() + 10_000);
    expect(existsSync(path.join(root, 'one-time', id))).toBe(false);
  });
});
