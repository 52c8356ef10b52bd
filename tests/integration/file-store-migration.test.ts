import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationProvider } from '@diem-cau/server/src/store/migrations/index.js';
import { buildOrgFixture, loginToken } from '../support/orgFixture.js';
import { restartableEnv, startAppOn } from '../support/restartableApp.js';
import type { TestApp } from '../support/testApp.js';
import { openTestStore, releaseTestStore, withTestStore } from '../support/testStore.js';

const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const pdf = (n: number, seed: number): Buffer =>
  Buffer.concat([
    Buffer.from('%PDF-1.4\n'),
    Buffer.from(Array.from({ length: n }, (_, i) => (i * seed + 11) % 256)),
    Buffer.from('\n%%EOF\n'),
  ]);

async function download(t: TestApp, path: string, token: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${t.url}/api${path}`, { headers: { ...headers, authorization: `Bearer ${token}` } });
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}

/**
 * Files stored in SQL rows before migration 0405 (documents and report exports) are moved to the
 * file store by the domains' start-up step: nothing is lost, they read the same before and after,
 * a start whose file store is unusable still starts and serves them from the rows, and a start
 * after a crash half way (a file already written, its row not yet updated) ends the same way.
 */
describe('files stored in SQL before migration 0405', () => {
  const dataDir = mkdtempSync(path.join(process.env.DIEMCAU_TEST_TMP ?? os.tmpdir(), 'files-migration-'));
  const env = restartableEnv(dataDir, `test-${randomUUID().slice(0, 8)}`);
  const filesDir = path.join(dataDir, 'files');
  const sessionId = randomUUID();
  const reportId = `report.session.${sessionId}.0123456789abcdef`;
  const docs = [
    { id: randomUUID(), content: pdf(200_000, 7), filename: 'nghi-quyet.pdf' },
    { id: randomUUID(), content: pdf(5_000, 13), filename: 'bai-giang.pdf' },
  ];
  const csv = Buffer.from('\ufeffChỉ tiêu,Giá trị\r\nĐiểm cầu được mời,3\r\n', 'utf8');
  const xlsx = Buffer.concat([Buffer.from('PK\x03\x04'), pdf(3_000, 17)]);
  let admin: { username: string; password: string };
  let app: TestApp | undefined;

  beforeAll(async () => {
    // The store as migration 0404 left it, with rows in the shape every earlier release wrote.
    await withTestStore(env);
    const db = openTestStore(dataDir);
    try {
      const migrated = await new Migrator({ db, provider: migrationProvider }).migrateTo('0404_link_quality');
      if (migrated.error) throw migrated.error;
      const now = new Date().toISOString();
      const hostId = randomUUID();
      await db
        .insertInto('accounts')
        .values({
          id: hostId,
          username: `old-host-${hostId.slice(0, 6)}`,
          display_name: 'Chủ trì cũ',
          role: 'host',
          password_hash: 'x',
          created_at: now,
        })
        .execute();
      await db
        .insertInto('sessions')
        .values({
          id: sessionId,
          title: 'Hội nghị cũ',
          resolution: 'Nghị quyết 57',
          status: 'ended',
          host_account_id: hostId,
          created_at: now,
          started_at: now,
          ended_at: now,
        })
        .execute();
      for (const d of docs)
        await db
          .insertInto('session_documents')
          .values({
            id: d.id,
            session_id: sessionId,
            kind: 'resolution',
            title: d.filename,
            filename: d.filename,
            mime_type: 'application/pdf',
            size_bytes: d.content.length,
            sha256: sha(d.content),
            content: d.content,
            uploaded_by: hostId,
            uploaded_at: now,
          })
          .execute();
      await db
        .insertInto('reports')
        .values({
          id: reportId,
          kind: 'session',
          session_id: sessionId,
          params_json: JSON.stringify({ sessionId }),
          data_version: 'v1',
          status: 'done',
          result_json: '{}',
          error: null,
          requested_by: hostId,
          created_at: now,
          started_at: now,
          completed_at: now,
        })
        .execute();
      await db
        .insertInto('report_files')
        .values([
          {
            report_id: reportId,
            format: 'csv',
            table_key: 'summary',
            filename: 'bao-cao-summary.csv',
            content: csv,
            created_at: now,
          },
          {
            report_id: reportId,
            format: 'xlsx',
            table_key: '',
            filename: 'bao-cao.xlsx',
            content: xlsx,
            created_at: now,
          },
        ])
        .execute();
    } finally {
      await db.destroy();
    }
  });

  afterAll(async () => {
    await app?.close();
    await releaseTestStore(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const rowsNow = async (t: TestApp) => ({
    docs: await t.app.db
      .selectFrom('session_documents')
      .select(['id', 'storage_key', 'content'])
      .orderBy('id')
      .execute(),
    reportFiles: await t.app.db
      .selectFrom('report_files')
      .select(['format', 'storage_key', 'size_bytes', 'sha256', 'content'])
      .orderBy('format')
      .execute(),
  });

  it('starts with an unusable file store and serves the old rows as they are, ranges included', async () => {
    // FILES_DIR names a file, not a folder: nothing can be written there.
    const blocked = path.join(dataDir, 'not-a-folder');
    writeFileSync(blocked, 'x');
    app = await startAppOn({ ...env, FILES_DIR: blocked });
    const f = await buildOrgFixture(app);
    admin = { username: f.admin.username, password: f.admin.password };
    const token = await loginToken(app, '/auth/login', admin);
    const whole = await download(app, `/sessions/${sessionId}/documents/${docs[0]!.id}`, token);
    expect(whole.status).toBe(200);
    expect(whole.body.equals(docs[0]!.content)).toBe(true);
    expect(whole.headers.get('etag')).toBe(`"${sha(docs[0]!.content)}"`);
    const part = await download(app, `/sessions/${sessionId}/documents/${docs[0]!.id}`, token, { range: 'bytes=-100' });
    expect(part.status).toBe(206);
    expect(part.body.equals(docs[0]!.content.subarray(-100))).toBe(true);
    const csvNow = await download(app, `/reports/${reportId}/export.csv?table=summary`, token, { range: 'bytes=0-2' });
    expect(csvNow.status).toBe(206);
    expect(csvNow.body.equals(csv.subarray(0, 3))).toBe(true);
    const rows = await rowsNow(app);
    expect(rows.docs.map((d) => d.storage_key)).toEqual([null, null]);
    await app.close();
    app = undefined;
    rmSync(blocked);
  });

  it('moves every row to the file store at the next start, also one whose file a crash had already written', async () => {
    // A start that died between writing this file and updating its row.
    mkdirSync(path.join(filesDir, 'documents'), { recursive: true });
    writeFileSync(path.join(filesDir, 'documents', docs[1]!.id), docs[1]!.content);
    app = await startAppOn(env);
    const rows = await rowsNow(app);
    expect(rows.docs.map((d) => [d.storage_key, d.content.length])).toEqual(
      [...docs].sort((a, b) => (a.id < b.id ? -1 : 1)).map((d) => [`documents/${d.id}`, 0]),
    );
    for (const d of docs) expect(readFileSync(path.join(filesDir, 'documents', d.id)).equals(d.content)).toBe(true);
    expect(rows.reportFiles).toEqual(
      [
        {
          format: 'xlsx',
          storage_key: `reports/${reportId}/workbook.xlsx`,
          size_bytes: xlsx.length,
          sha256: sha(xlsx),
          content: expect.any(Buffer),
        },
        {
          format: 'csv',
          storage_key: `reports/${reportId}/summary.csv`,
          size_bytes: csv.length,
          sha256: sha(csv),
          content: expect.any(Buffer),
        },
      ].sort((a, b) => (a.format < b.format ? -1 : 1)),
    );
    expect(rows.reportFiles.every((r) => r.content.length === 0)).toBe(true);

    const token = await loginToken(app, '/auth/login', admin);
    for (const d of docs) {
      const got = await download(app, `/sessions/${sessionId}/documents/${d.id}`, token);
      expect(got.status).toBe(200);
      expect(got.body.equals(d.content)).toBe(true);
      expect(got.headers.get('etag')).toBe(`"${sha(d.content)}"`);
    }
    const middle = await download(app, `/sessions/${sessionId}/documents/${docs[0]!.id}`, token, {
      range: 'bytes=1000-1999',
    });
    expect(middle.body.equals(docs[0]!.content.subarray(1000, 2000))).toBe(true);
    const workbook = await download(app, `/reports/${reportId}/export.xlsx`, token);
    expect(workbook.body.equals(xlsx)).toBe(true);
    expect(workbook.headers.get('etag')).toBe(`"${sha(xlsx)}"`);
    await app.close();
    app = undefined;
  });

  it('changes nothing at a start after that', async () => {
    const file = path.join(filesDir, 'documents', docs[0]!.id);
    const written = statSync(file).mtimeMs;
    app = await startAppOn(env);
    expect((await rowsNow(app)).docs.map((d) => d.storage_key)).toEqual(
      [...docs].sort((a, b) => (a.id < b.id ? -1 : 1)).map((d) => `documents/${d.id}`),
    );
    expect(statSync(file).mtimeMs).toBe(written);
    const token = await loginToken(app, '/auth/login', admin);
    const csvNow = await download(app, `/reports/${reportId}/export.csv?table=summary`, token);
    expect(csvNow.body.equals(csv)).toBe(true);
  });
});
