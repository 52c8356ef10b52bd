import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { securityHeaders } from './securityHeaders.js';

const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

/** The answer's headers to GET / (with `host` as the Host header: fetch may not set it). */
async function headersOf(tls: boolean, host?: string, extra: http.OutgoingHttpHeaders = {}) {
  const app = express();
  app.set('trust proxy', 'loopback'); // as app.ts
  app.use(securityHeaders({ tls }));
  app.get('/', (_req, res) => res.send('ok'));
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return new Promise<http.IncomingHttpHeaders>((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: '/', headers: { ...extra, ...(host ? { host } : {}) } }, (res) => {
        res.resume();
        resolve(res.headers);
      })
      .on('error', reject);
  });
}

describe('securityHeaders', () => {
  it('with TLS: HSTS for this host only and the upgrade of insecure requests', async () => {
    const headers = await headersOf(true);
    expect(headers['strict-transport-security']).toBe('max-age=31536000');
    expect(headers['content-security-policy']).toMatch(/;upgrade-insecure-requests$/);
  });

  it('without TLS: neither', async () => {
    const headers = await headersOf(false);
    expect(headers['strict-transport-security']).toBeUndefined();
    expect(headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
  });

  it('sends the opener policy and origin keying on HTTPS answers only (also HTTPS ended by a local proxy)', async () => {
    const plain = await headersOf(false);
    expect(plain['cross-origin-opener-policy']).toBeUndefined();
    expect(plain['origin-agent-cluster']).toBeUndefined();
    const proxied = await headersOf(false, undefined, { 'x-forwarded-proto': 'https' });
    expect(proxied['cross-origin-opener-policy']).toBe('same-origin');
    expect(proxied['origin-agent-cluster']).toBe('?1');
  });

  it('allows the WebSockets of the page’s own host, and nothing from a Host header unfit for a policy', async () => {
    const named = await headersOf(false, 'conference.example.vn:8443');
    expect(named['content-security-policy']).toContain(
      "connect-src 'self' ws://conference.example.vn:8443 wss://conference.example.vn:8443;",
    );
    const odd = (await headersOf(false, 'evil.example;script-src *'))['content-security-policy'] ?? '';
    expect(odd).toContain("connect-src 'self' 'self';");
    expect(odd).not.toContain('evil');
  });
});
