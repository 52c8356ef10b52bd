import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionDocument } from '@diem-cau/shared';
import { openFileStore } from '@diem-cau/server/src/files/folderFileStore.js';
import { buildOrgFixture, loginToken, type OrgFixture } from '../support/orgFixture.js';
import { fillDisk } from '../support/fullDisk.js';
import { startTestApp, type TestApp } from '../support/testApp.js';
import { uploadFile } from '../support/upload.js';

/** The files disk: a small tmpfs of its own (FILES_DIR), apart from DATA_DIR; its reserve is a tenth of it. */
const DISK_MB = 16;
const MB = 1024 * 1024;
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(300_000, 0x41), Buffer.from('\n%%EOF\n')]);

/** Every file under `dir` (the store's `.tmp/` included), but the filler. */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name !== 'filler')
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));

describe('the files disk full', () => {
  const mount = mkdtempSync(path.join(os.tmpdir(), 'diem-cau-files-disk-'));
  let mounted = false;
  let t: TestApp;
  let f: OrgFixture;
  let host: string;
  const filler = path.join(mount, 'filler');
  const documentRows = async () =>
    t.app.db.selectFrom('session_documents').select('id').where('session_id', '=', f.sessionId).execute();

  beforeAll(async () => {
    // As root (the set-up and CI run as root): a disk of its own that the test can fill.
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${DISK_MB}m`, 'tmpfs', mount]);
    mounted = true;
    t = await startTestApp({ FILES_DIR: mount });
    f = await buildOrgFixture(t);
    host = await loginToken(t, '/auth/login', { username: f.host.username, password: f.host.password });
  });

  afterAll(async () => {
    await t?.close();
    if (mounted) execFileSync('umount', [mount]);
    rmSync(mount, { recursive: true, force: true });
  });

  it('refuses an upload that would take the reserve with STORAGE_FULL, and keeps nothing of it', async () => {
    // DATA_DIR (where the upload arrives) has room; the files disk keeps under a tenth of itself free.
    fillDisk(filler, 1 * MB);
    const refused = await uploadFile(t, `/sessions/${f.sessionId}/documents?kind=resolution`, PDF, 'nq.pdf', host);
    expect(refused).toMatchObject({ status: 507, body: { error: { code: 'STORAGE_FULL' } } });
    expect(await documentRows()).toEqual([]);
    expect(filesUnder(mount)).toEqual([]);
    expect(readdirSync(t.app.ctx.config.uploads.tmpDir)).toEqual([]);
  });

  it('stops a write of unknown length when the disk fills under it, leaving no part of the file', async () => {
    rmSync(filler);
    // Room above the reserve, but less than the writer will send (as a recorder's segment stream may).
    fillDisk(filler, 4 * MB);
    const files = openFileStore(t.app.ctx.config);
    async function* endless(): AsyncGenerator<Buffer> {
      for (let i = 0; i < 10; i++) yield Buffer.alloc(MB, i);
    }
    await expect(files.put('recordings/s1/000001.webm', endless())).rejects.toMatchObject({ code: 'STORAGE_FULL' });
    expect(filesUnder(mount)).toEqual([]);
    expect(await files.list('recordings/')).toEqual([]);
  });

  it('takes the same upload once space is freed, without a restart', async () => {
    rmSync(filler);
    const stored = await uploadFile<SessionDocument>(
      t,
      `/sessions/${f.sessionId}/documents?kind=resolution`,
      PDF,
      'nq.pdf',
      host,
    );
    expect(stored.status).toBe(201);
    expect(filesUnder(mount)).toEqual([`documents/${stored.body.id}`]);
    expect((await documentRows()).map((r) => r.id)).toEqual([stored.body.id]);
  });
});
