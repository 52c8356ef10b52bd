import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/testApp.js';

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body as sent, not decoded (fetch would decode it). */
  body: Buffer;
}

function get(url: string, headers: Record<string, string>, method = 'GET'): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Content-Type, lower-cased: charset names are case-insensitive (the variants say UTF-8, the files utf-8). */
function type(r: Raw): string {
  return (r.headers['content-type'] ?? '').toLowerCase();
}

function decoded(r: Raw): string {
  const encoding = r.headers['content-encoding'];
  if (encoding === 'br') return brotliDecompressSync(r.body).toString('utf8');
  if (encoding === 'gzip') return gunzipSync(r.body).toString('utf8');
  return r.body.toString('utf8');
}

const SCRIPT = `export const greeting = ${JSON.stringify('xin chào '.repeat(200))};\n`;
const STYLE = `.member-page { color: #a50e1a; }\n`.repeat(50);
const INDEX = `<!doctype html><html lang="vi"><head><script type="module" src="/assets/app-Ab12Cd34.js"></script></head><body><div id="root"></div>${' '.repeat(500)}</body></html>`;

/** A client build as client/vite.config.ts writes it: each file with its .br and .gz, one asset with .gz only. */
function writeDist(dir: string): void {
  mkdirSync(path.join(dir, 'assets'), { recursive: true });
  const put = (name: string, text: string, variants: ('br' | 'gz')[]) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    if (variants.includes('br')) writeFileSync(`${file}.br`, brotliCompressSync(Buffer.from(text)));
    if (variants.includes('gz')) writeFileSync(`${file}.gz`, gzipSync(Buffer.from(text)));
  };
  put('index.html', INDEX, ['br', 'gz']);
  put('favicon.svg', '<svg xmlns="http://www.w3.org/2000/svg"/>', []);
  put('assets/app-Ab12Cd34.js', SCRIPT, ['br', 'gz']);
  put('assets/member-Ef56Gh78.css', STYLE, ['br', 'gz']);
  put('assets/legacy-Ij90Kl12.js', SCRIPT, ['gz']); // its .br is missing
}

describe('the client is served precompressed, by Accept-Encoding', () => {
  let t: TestApp;
  let dist: string;
  beforeAll(async () => {
    dist = mkdtempSync(path.join(process.env.DIEMCAU_TEST_TMP ?? os.tmpdir(), 'dist-'));
    writeDist(dist);
    t = await startTestApp({ CLIENT_DIST_DIR: dist });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('sends brotli first, then gzip, then the file itself, each with the right type and Vary', async () => {
    const url = `${t.url}/assets/app-Ab12Cd34.js`;
    const cases: [string, string | undefined][] = [
      ['gzip, deflate, br, zstd', 'br'], // Chromium's list: brotli preferred over gzip
      ['gzip, deflate', 'gzip'],
      ['br;q=0, gzip', 'gzip'], // refused explicitly
      ['identity', undefined],
      ['', undefined],
    ];
    for (const [accept, expected] of cases) {
      const r = await get(url, accept ? { 'accept-encoding': accept } : {});
      expect(r.status, accept).toBe(200);
      expect(r.headers['content-encoding'], accept).toBe(expected);
      expect(type(r), accept).toBe('text/javascript; charset=utf-8');
      expect(r.headers.vary, accept).toMatch(/Accept-Encoding/i);
      expect(Number(r.headers['content-length']), accept).toBe(r.body.length);
      expect(decoded(r), accept).toBe(SCRIPT);
    }
    const br = await get(url, { 'accept-encoding': 'br' });
    expect(br.body.length).toBeLessThan(Buffer.byteLength(SCRIPT) / 4);
  });

  it('caches hashed assets for a year; index.html and other files revalidate', async () => {
    const asset = await get(`${t.url}/assets/member-Ef56Gh78.css`, { 'accept-encoding': 'br' });
    expect(asset.headers['content-encoding']).toBe('br');
    expect(type(asset)).toBe('text/css; charset=utf-8');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(decoded(asset)).toBe(STYLE);

    for (const page of ['/', '/member', '/member?session=abc&code=XYZ', '/index.html']) {
      const r = await get(`${t.url}${page}`, { 'accept-encoding': 'gzip, deflate, br' });
      expect(r.status, page).toBe(200);
      expect(r.headers['content-encoding'], page).toBe('br');
      expect(type(r), page).toBe('text/html; charset=utf-8');
      expect(r.headers['cache-control'], page).toBe('no-cache');
      expect(decoded(r), page).toBe(INDEX);
    }
    const icon = await get(`${t.url}/favicon.svg`, { 'accept-encoding': 'br' });
    expect(icon.headers['content-encoding']).toBeUndefined(); // no variant on disk
    expect(type(icon)).toBe('image/svg+xml');
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('answers HEAD with the headers of the GET and no body', async () => {
    const head = await get(`${t.url}/assets/app-Ab12Cd34.js`, { 'accept-encoding': 'br' }, 'HEAD');
    const full = await get(`${t.url}/assets/app-Ab12Cd34.js`, { 'accept-encoding': 'br' });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers['content-encoding']).toBe('br');
    expect(head.headers['content-length']).toBe(full.headers['content-length']);
    expect(head.headers.etag).toBe(full.headers.etag);
    const page = await get(`${t.url}/member`, { 'accept-encoding': 'gzip' }, 'HEAD');
    expect(page.status).toBe(200);
    expect(page.headers['content-encoding']).toBe('gzip');
    expect(page.body.length).toBe(0);
  });

  it('falls back to gzip, or to the file itself, when the .br of a file is missing', async () => {
    const url = `${t.url}/assets/legacy-Ij90Kl12.js`;
    const gz = await get(url, { 'accept-encoding': 'gzip, deflate, br' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(decoded(gz)).toBe(SCRIPT);
    const plain = await get(url, { 'accept-encoding': 'br' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(type(plain)).toBe('text/javascript; charset=utf-8');
    expect(plain.body.toString('utf8')).toBe(SCRIPT);
  });

  it('answers a revalidation with 304, and a hashed asset not in the build with 404 (never index.html)', async () => {
    const url = `${t.url}/assets/app-Ab12Cd34.js`;
    const first = await get(url, { 'accept-encoding': 'br' });
    const again = await get(url, { 'accept-encoding': 'br', 'if-none-match': String(first.headers.etag) });
    expect(again.status).toBe(304);
    // The ETag names the representation: the gzip answer has its own.
    const gz = await get(url, { 'accept-encoding': 'gzip' });
    expect(gz.headers.etag).not.toBe(first.headers.etag);

    const missing = await get(`${t.url}/assets/gone-Zz99Yy88.js`, { 'accept-encoding': 'br' });
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type'] ?? '').not.toMatch(/html/);
    // The API's own 404 is untouched.
    const api = await get(`${t.url}/api/nope`, {});
    expect(api.status).toBe(404);
    expect(api.headers['content-type']).toMatch(/json/);
  });
});
