import { existsSync, mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterEach, describe, expect, it } from 'vitest';
import { FolderFileStore } from '../../../files/folderFileStore.js';
import { ONE_TIME_FILE_TTL_MS, OneTimeFiles } from './OneTimeFiles.js';

describe('one-time files', () => {
  const dirs: string[] = [];
  const fresh = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'one-time-'));
    dirs.push(dir);
    return { root: dir, files: new OneTimeFiles(new FolderFileStore({ root: dir, reserveBytes: 0 })) };
  };
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('hands each format out once, from the file store', async () => {
    const { root, files } = fresh();
    const { id } = await files.save({ xlsx: Buffer.from('x'), pdf: Buffer.from('p') });
    expect(existsSync(path.join(root, 'one-time', `${id}.xlsx`))).toBe(true);
    const taken = await files.take(id, 'xlsx');
    expect(taken.sizeBytes).toBe(1);
    expect((await buffer(await taken.open())).toString()).toBe('x');
    await files.consumed(id, 'xlsx');
    await expect(files.take(id, 'xlsx')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await files.take(id, 'pdf');
    await files.consumed(id, 'pdf');
    expect(existsSync(path.join(root, 'one-time', `${id}.pdf`))).toBe(false);
    await expect(files.take('../../auth-secret', 'pdf')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('deletes a batch an hour after it was written, even when one format was downloaded since', async () => {
    const { root, files } = fresh();
    const { id } = await files.save({ xlsx: Buffer.from('x'), pdf: Buffer.from('p') });
    const written = (Date.now() - ONE_TIME_FILE_TTL_MS + 5_000) / 1000;
    for (const f of [`${id}.xlsx`, `${id}.pdf`]) utimesSync(path.join(root, 'one-time', f), written, written);
    await files.consumed(id, 'xlsx');
    await files.sweep();
    await expect(files.take(id, 'pdf')).resolves.toMatchObject({ sizeBytes: 1 });
    await files.sweep(Date.now() + 10_000);
    expect(existsSync(path.join(root, 'one-time', `${id}.pdf`))).toBe(false);
  });
});
