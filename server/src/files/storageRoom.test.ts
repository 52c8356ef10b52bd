import { statfsSync } from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { assertRoomFor, isDiskFull, roomOn } from './storageRoom.js';

describe('storage room', () => {
  const dir = os.tmpdir();
  const disk = statfsSync(dir);
  const size = disk.blocks * disk.bsize;

  it('keeps at most a tenth of the disk as reserve', async () => {
    const room = await roomOn(dir, Number.MAX_SAFE_INTEGER);
    expect(room.reserveBytes).toBe(Math.floor(size * 0.1));
    expect((await roomOn(dir, 1024)).reserveBytes).toBe(1024);
  });

  it('refuses a write that would eat into the reserve, with STORAGE_FULL', async () => {
    const { freeBytes } = await roomOn(dir, 0);
    await expect(assertRoomFor(dir, 1024, 0)).resolves.toBeUndefined();
    await expect(assertRoomFor(dir, freeBytes + 1, 0)).rejects.toMatchObject({ code: 'STORAGE_FULL' });
  });

  it('does not refuse when the disk cannot be measured', async () => {
    await expect(assertRoomFor('/nonexistent/diem-cau', 1, 0)).resolves.toBeUndefined();
  });

  it('recognises a full disk from the file system and from SQLite', () => {
    for (const code of ['ENOSPC', 'EDQUOT', 'SQLITE_FULL'])
      expect(isDiskFull(Object.assign(new Error(), { code }))).toBe(true);
    expect(isDiskFull(Object.assign(new Error(), { code: 'SQLITE_BUSY' }))).toBe(false);
    expect(isDiskFull(null)).toBe(false);
  });
});
