import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportInfo, SessionDocument } from '@diem-cau/shared';
import { api, buildOrgFixture, loginToken, type OrgFixture } from '../support/orgFixture.js';
import { waitFor } from '../support/http.js';
import { startTestApp, type TestApp } from '../support/testApp.js';
import { uploadFile } from '../support/upload.js';

/** A PDF of about 300 kB whose bytes differ everywhere, so a wrong range cannot match by chance. */
const PDF = Buffer.concat([
  Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'),
  Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 31 + (i >> 8)) % 256)),
  Buffer.from('\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n'),
]);
const SIZE = PDF.length;
const SHA = createHash('sha256').update(PDF).digest('hex');

async function get(
  t: TestApp,
  path: string,
  token: string | undefined,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<{ status: number; body: Buffer; headers: Headers }> {
  const res = await fetch(`${t.url}/api${path}`, {
    method,
    headers: { ...headers, ...(token && { authorization: `Bearer ${token}` }) },
  });
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}

describe('documents in the file store, downloaded whole and by range', () => {
  let t: TestApp;
  let f: OrgFixture;
  let host: string;
  let endpoint: string;
  let doc: SessionDocument;
  let docPath: string;
  const fileOf = (id: string) => path.join(t.app.ctx.config.files.dir, 'documents', id);

  beforeAll(async () => {
    t = await startTestApp();
    f = await buildOrgFixture(t);
    host = await loginToken(t, '/auth/login', { username: f.host.username, password: f.host.password });
    endpoint = await loginToken(t, '/auth/endpoint', { endpointKey: f.keys.a1, sessionId: f.sessionId });
    const up = await uploadFile<SessionDocument>(
      t,
      `/sessions/${f.sessionId}/documents?kind=resolution`,
      PDF,
      'Nghị quyết 57.pdf',
      host,
    );
    expect(up.status).toBe(201);
    doc = up.body;
    docPath = `/sessions/${f.sessionId}/documents/${doc.id}`;
  });
  afterAll(async () => t?.close());

  it('keeps the upload as a file under FILES_DIR (DATA_DIR/files), not in its SQL row', async () => {
    expect(doc).toMatchObject({ sizeBytes: SIZE, sha256: SHA });
    expect(t.app.ctx.config.files.dir).toBe(path.join(t.app.ctx.config.dataDir, 'files'));
    expect(readFileSync(fileOf(doc.id)).equals(PDF)).toBe(true);
    const row = await t.app.db
      .selectFrom('session_documents')
      .select(['storage_key', 'content'])
      .where('id', '=', doc.id)
      .executeTakeFirstOrThrow();
    expect(row.storage_key).toBe(`documents/${doc.id}`);
    expect(row.content.length).toBe(0);
  });

  it('sends the whole file with its ETag and Accept-Ranges; HEAD sends the headers only', async () => {
    const whole = await get(t, docPath, endpoint);
    expect(whole.status).toBe(200);
    expect(whole.body.equals(PDF)).toBe(true);
    expect(
      Object.fromEntries(
        ['content-length', 'accept-ranges', 'etag', 'content-type'].map((h) => [h, whole.headers.get(h)]),
      ),
    ).toEqual({
      'content-length': String(SIZE),
      'accept-ranges': 'bytes',
      etag: `"${SHA}"`,
      'content-type': 'application/pdf',
    });
    expect(whole.headers.get('content-disposition')).toContain(
      "filename*=UTF-8''Ngh%E1%BB%8B%20quy%E1%BA%BFt%2057.pdf",
    );
    expect(whole.headers.get('last-modified')).toBe(new Date(doc.uploadedAt).toUTCString());
    const head = await get(t, docPath, endpoint, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(SIZE));
    expect(head.body.length).toBe(0);
  });

  it('sends one range with 206 and Content-Range: the first bytes, the middle, a suffix, an open end', async () => {
    const cases: [string, number, number][] = [
      ['bytes=0-99', 0, 99],
      ['bytes=150000-150999', 150_000, 150_999],
      ['bytes=-100', SIZE - 100, SIZE - 1],
      [`bytes=${SIZE - 10}-`, SIZE - 10, SIZE - 1],
      // An end past the file is cut to the file.
      [`bytes=${SIZE - 5}-${SIZE + 1000}`, SIZE - 5, SIZE - 1],
      // Overlapping ranges are one range.
      ['bytes=0-9,5-19', 0, 19],
    ];
    for (const [range, start, end] of cases) {
      const part = await get(t, docPath, endpoint, { range });
      expect(part.status, range).toBe(206);
      expect(part.headers.get('content-range'), range).toBe(`bytes ${start}-${end}/${SIZE}`);
      expect(part.headers.get('content-length'), range).toBe(String(end - start + 1));
      expect(part.body.equals(PDF.subarray(start, end + 1)), range).toBe(true);
    }
  });

  it('answers 416 RANGE_NOT_SATISFIABLE past the end; several ranges or a malformed one get the whole file', async () => {
    for (const range of [`bytes=${SIZE}-`, `bytes=${SIZE + 100}-${SIZE + 200}`]) {
      const past = await get(t, docPath, endpoint, { range });
      expect(past.status, range).toBe(416);
      expect(past.headers.get('content-range')).toBe(`bytes */${SIZE}`);
      expect(JSON.parse(past.body.toString('utf8'))).toMatchObject({ error: { code: 'RANGE_NOT_SATISFIABLE' } });
    }
    // Disjoint ranges: 200 and the whole file (as Express's static files answer), never a multipart body.
    for (const range of ['bytes=0-9,100-109', 'bytes=abc', 'items=0-9']) {
      const whole = await get(t, docPath, endpoint, { range });
      expect(whole.status, range).toBe(200);
      expect(whole.body.equals(PDF), range).toBe(true);
    }
  });

  it('answers 304 to a matching If-None-Match and honours If-Range, after checking who asks', async () => {
    const etag = `"${SHA}"`;
    const cached = await get(t, docPath, endpoint, { 'if-none-match': etag });
    expect(cached.status).toBe(304);
    expect(cached.body.length).toBe(0);
    expect(cached.headers.get('etag')).toBe(etag);
    expect((await get(t, docPath, endpoint, { 'if-none-match': '"something-else"' })).status).toBe(200);
    // The rights come first: no token, or an endpoint not invited, learns nothing from a 304.
    expect((await get(t, docPath, undefined, { 'if-none-match': etag })).status).toBe(401);
    const uninvited = await loginToken(t, '/auth/endpoint', { endpointKey: f.keys.a2, sessionId: f.otherSessionId });
    expect((await get(t, docPath, uninvited, { 'if-none-match': etag })).status).toBe(403);

    const resumed = await get(t, docPath, endpoint, { range: 'bytes=1000-', 'if-range': etag });
    expect(resumed.status).toBe(206);
    expect(resumed.body.equals(PDF.subarray(1000))).toBe(true);
    // The client holds part of another version: the whole (current) file.
    const changed = await get(t, docPath, endpoint, { range: 'bytes=1000-', 'if-range': '"an-older-version"' });
    expect(changed.status).toBe(200);
    expect(changed.body.equals(PDF)).toBe(true);
    const byDate = await get(t, docPath, endpoint, {
      range: 'bytes=0-0',
      'if-range': new Date(Date.parse(doc.uploadedAt) + 1000).toUTCString(),
    });
    expect(byDate.status).toBe(206);
  });

  it('refuses ids that try to leave the documents folder', async () => {
    for (const id of ['..%2F..%2Fdiem-cau.sqlite', '..%5C..%5Cauth-secret', 'documents%2F..%2F..%2Fauth-secret'])
      expect((await get(t, `/sessions/${f.sessionId}/documents/${id}`, host)).status, id).toBe(400);
  });

  it('deletes the file with the document', async () => {
    const second = await uploadFile<SessionDocument>(
      t,
      `/sessions/${f.sessionId}/documents?kind=slides`,
      PDF,
      'slides.pdf',
      host,
    );
    expect(second.status).toBe(201);
    expect(existsSync(fileOf(second.body.id))).toBe(true);
    expect(
      (await api(t, 'DELETE', `/sessions/${f.sessionId}/documents/${second.body.id}`, undefined, host)).status,
    ).toBe(204);
    expect(existsSync(fileOf(second.body.id))).toBe(false);
    expect((await get(t, `/sessions/${f.sessionId}/documents/${second.body.id}`, host)).status).toBe(404);
    // The other document is untouched.
    expect((await get(t, docPath, host)).body.equals(PDF)).toBe(true);
  });
});

describe('report exports in the file store', () => {
  let t: TestApp;
  let f: OrgFixture;
  let host: string;

  beforeAll(async () => {
    t = await startTestApp();
    f = await buildOrgFixture(t);
    host = await loginToken(t, '/auth/login', { username: f.host.username, password: f.host.password });
    expect((await api(t, 'POST', `/sessions/${f.sessionId}/start`, undefined, host)).status).toBe(200);
  });
  afterAll(async () => t?.close());

  it('writes the workbook and the CSVs as files and streams them with ranges and their ETag', async () => {
    const asked = await api<ReportInfo>(t, 'POST', `/reports/sessions/${f.sessionId}`, {}, host);
    expect(asked.status).toBe(202);
    await waitFor(async () => {
      const r = await api<ReportInfo>(t, 'GET', `/reports/${asked.body.id}`, undefined, host);
      if (r.body.status === 'failed') throw new Error(`report failed: ${r.body.error}`);
      return r.body.status === 'done' ? r.body : undefined;
    });
    const rows = await t.app.db
      .selectFrom('report_files')
      .select(['format', 'table_key', 'storage_key', 'size_bytes', 'sha256', 'content'])
      .where('report_id', '=', asked.body.id)
      .execute();
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows) {
      expect(row.content.length).toBe(0);
      const file = readFileSync(path.join(t.app.ctx.config.files.dir, ...(row.storage_key ?? '').split('/')));
      expect(file.length).toBe(row.size_bytes);
      expect(createHash('sha256').update(file).digest('hex')).toBe(row.sha256);
    }
    const summary = rows.find((r) => r.table_key === 'summary')!;
    const csvPath = `/reports/${asked.body.id}/export.csv?table=summary`;
    const whole = await get(t, csvPath, host);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('etag')).toBe(`"${summary.sha256}"`);
    expect(whole.headers.get('cache-control')).toBe('private, no-store');
    expect(whole.headers.get('content-type')).toContain('text/csv');
    const bom = await get(t, csvPath, host, { range: 'bytes=0-2' });
    expect(bom.status).toBe(206);
    expect([...bom.body]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bom.headers.get('content-range')).toBe(`bytes 0-2/${summary.size_bytes}`);
    expect((await get(t, csvPath, host, { 'if-none-match': `"${summary.sha256}"` })).status).toBe(304);
    const xlsx = await get(t, `/reports/${asked.body.id}/export.xlsx`, host, { range: 'bytes=0-1' });
    expect(xlsx.status).toBe(206);
    expect(xlsx.body.toString('latin1')).toBe('PK');
    // Another host's token reads none of it.
    const other = await loginToken(t, '/auth/login', {
      username: f.otherHost.username,
      password: f.otherHost.password,
    });
    expect((await get(t, csvPath, other, { range: 'bytes=0-2' })).status).toBe(403);
  });
});
