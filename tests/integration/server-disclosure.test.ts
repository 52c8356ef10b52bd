import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createBroadcastFixture, type BroadcastFixture } from '../support/broadcastFixture.js';
import { opusParameters, request } from '../support/mediaSignal.js';
import { connectSocket, emitRaw, type TestSocket } from '../support/socketClient.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

/** What the server says to whom (issue #14): health details, metrics, internal error texts, security headers. */

const METRICS_TOKEN = 'metrics-token-for-the-disclosure-test';
/** A client that is not this machine, as a proxy on this machine forwards it (trust proxy: loopback). */
const REMOTE = { 'x-forwarded-for': '203.0.113.9' };

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, headers: res.headers, text, json: type.includes('json') ? JSON.parse(text) : undefined };
}

describe('what the server says: without METRICS_TOKEN', () => {
  let t: TestApp;
  let clientDir: string;
  let admin: string;
  let host: string;
  let fx: BroadcastFixture;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    clientDir = mkdtempSync(path.join(process.env.DIEMCAU_TEST_TMP ?? os.tmpdir(), 'client-'));
    writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>t</title><div id="root"></div>');
    t = await startTestApp({ CLIENT_DIST_DIR: clientDir });
    admin = await t.app.tokens.sign({ subject: 'admin-disclosure', role: 'admin' });
    host = await t.app.tokens.sign({ subject: 'host-disclosure', role: 'host' });
    fx = await createBroadcastFixture(t, 1);
  });
  afterEach(() => vi.restoreAllMocks());
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t?.close();
    rmSync(clientDir, { recursive: true, force: true });
  });

  it('/healthz tells an anonymous caller only its status', async () => {
    const res = await get(`${t.url}/healthz`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 'ok' });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('/healthz gives the checks to an admin, refuses other roles and bad tokens', async () => {
    const detailed = await get(`${t.url}/healthz`, { authorization: `Bearer ${admin}` });
    expect(detailed.status).toBe(200);
    expect(detailed.json).toEqual({
      status: 'ok',
      checks: { redis: { ok: true }, store: { ok: true }, media: { ok: true, alive: 2, total: 2 } },
    });
    const asHost = await get(`${t.url}/healthz`, { authorization: `Bearer ${host}` });
    expect(asHost.status).toBe(403);
    expect(asHost.json).toMatchObject({ error: { code: 'FORBIDDEN' } });
    const forged = await get(`${t.url}/healthz`, { authorization: 'Bearer not-a-token' });
    expect(forged.status).toBe(401);
    expect(forged.json).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
  });

  it('a failing Redis shows as 503 `degraded`, with a short code to an admin and no error text to anyone', async () => {
    const raw = 'connect ECONNREFUSED 10.20.30.40:6390 (internal detail)';
    vi.spyOn(t.app.redis.main, 'ping').mockRejectedValue(Object.assign(new Error(raw), { code: 'ECONNREFUSED' }));
    const anonymous = await get(`${t.url}/healthz`);
    expect(anonymous.status).toBe(503);
    expect(anonymous.json).toEqual({ status: 'degraded' });
    const detailed = await get(`${t.url}/healthz`, { authorization: `Bearer ${admin}` });
    expect(detailed.status).toBe(503);
    expect(detailed.json.checks.redis).toEqual({ ok: false, error: 'unreachable' });
    expect(detailed.json.checks.store).toEqual({ ok: true });
    for (const text of [anonymous.text, detailed.text]) {
      expect(text).not.toContain('ECONNREFUSED');
      expect(text).not.toContain('10.20.30.40');
    }
  });

  it('a Redis that does not answer is a `timeout`, and /healthz still answers', async () => {
    vi.spyOn(t.app.redis.main, 'ping').mockReturnValue(new Promise<never>(() => {}) as never);
    const detailed = await get(`${t.url}/healthz`, { authorization: `Bearer ${admin}` });
    expect(detailed.status).toBe(503);
    expect(detailed.json.checks.redis).toEqual({ ok: false, error: 'timeout' });
  });

  it('/metrics answers this machine and refuses a forwarded remote client with a coded error', async () => {
    const local = await get(`${t.url}/metrics`);
    expect(local.status).toBe(200);
    expect(local.text).toContain('diemcau_sockets_connected');
    const remote = await get(`${t.url}/metrics`, REMOTE);
    expect(remote.status).toBe(403);
    expect(remote.json).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect(remote.text).not.toContain('diemcau_');
    // A client's own claim to be loopback, forwarded by the proxy, does not count: the proxy's entry does.
    expect((await get(`${t.url}/metrics`, { 'x-forwarded-for': '127.0.0.1, 203.0.113.9' })).status).toBe(403);
    // An admin's token is not the operations token.
    const asAdmin = await get(`${t.url}/metrics`, { ...REMOTE, authorization: `Bearer ${admin}` });
    expect(asAdmin.status).toBe(403);
  });

  it('sends the security headers and the Content Security Policy on the app, the API and /healthz', async () => {
    for (const url of [`${t.url}/`, `${t.url}/host`, `${t.url}/api/nothing-here`, `${t.url}/healthz`]) {
      const res = await get(url);
      const csp = res.headers.get('content-security-policy') ?? '';
      const directives = new Map(
        csp.split(';').map((d) => {
          const [name, ...values] = d.trim().split(/\s+/);
          return [name!, values.join(' ')];
        }),
      );
      expect(Object.fromEntries(directives), url).toEqual({
        'default-src': "'self'",
        'script-src': "'self'",
        'script-src-attr': "'none'",
        'style-src': "'self'",
        'img-src': "'self' data: blob:",
        'media-src': "'self' blob:",
        'font-src': "'self'",
        'connect-src': `'self' ws://127.0.0.1:${t.port} wss://127.0.0.1:${t.port}`,
        'object-src': "'none'",
        'base-uri': "'self'",
        'form-action': "'self'",
        'frame-ancestors': "'none'",
      });
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
      expect(res.headers.get('x-powered-by')).toBeNull();
      // Plain HTTP: no HSTS, no upgrade of insecure requests (a LAN address over http must keep
      // working), no opener policy (ignored with a console error outside a secure context).
      expect(res.headers.get('strict-transport-security')).toBeNull();
      expect(res.headers.get('cross-origin-opener-policy')).toBeNull();
    }
    expect((await get(`${t.url}/`)).text).toContain('<div id="root">');
  });

  it('media:produce refused by mediasoup answers a fixed message, not mediasoup’s text', async () => {
    await fx.start();
    const socket = await connectSocket(t.url, { token: fx.hostToken });
    sockets.push(socket);
    await request(socket, 'session:join', { sessionId: fx.sessionId });
    const send = await request(socket, 'media:createTransport', { direction: 'send' });
    const badCodec = { ...opusParameters(5), codecs: [{ mimeType: 'audio/G722', payloadType: 9, clockRate: 8000 }] };
    const ack = await emitRaw(socket, 'media:produce', {
      transportId: send.id,
      kind: 'audio',
      source: 'mic',
      rtpParameters: badCodec,
    });
    expect(ack).toEqual({ ok: false, error: { code: 'BAD_REQUEST', message: 'The media parameters were refused' } });
  });
});

describe('what the server says: with METRICS_TOKEN', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ METRICS_TOKEN, CLIENT_DIST_DIR: '' });
  });
  afterAll(async () => t?.close());

  it('/metrics needs the token, from anywhere, and accepts it from anywhere', async () => {
    const attempts: Record<string, string>[] = [{}, REMOTE, { authorization: 'Bearer wrong-token-of-another-length' }];
    for (const headers of attempts) {
      const refused = await get(`${t.url}/metrics`, headers);
      expect(refused.status).toBe(401);
      expect(refused.json).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
      expect(refused.text).not.toContain(METRICS_TOKEN);
    }
    const scraped = await get(`${t.url}/metrics`, { ...REMOTE, authorization: `Bearer ${METRICS_TOKEN}` });
    expect(scraped.status).toBe(200);
    expect(scraped.text).toContain('diemcau_mediasoup_workers_alive');
  });

  it('/healthz gives the checks to the operations token and the status alone to anyone', async () => {
    expect((await get(`${t.url}/healthz`, REMOTE)).json).toEqual({ status: 'ok' });
    const detailed = await get(`${t.url}/healthz`, { ...REMOTE, authorization: `Bearer ${METRICS_TOKEN}` });
    expect(detailed.status).toBe(200);
    expect(detailed.json.checks.media).toEqual({ ok: true, alive: 2, total: 2 });
  });
});
