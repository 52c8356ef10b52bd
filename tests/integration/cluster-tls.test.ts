import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type AuthResponse } from '@diem-cau/shared';
import { loadOrCreateSelfSigned } from '@diem-cau/server/src/http/tls/selfSignedCertificate.js';
import { startCluster, type Cluster } from '../support/cluster.js';
import { api } from '../support/http.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const RENDER = path.join(ROOT, 'infra/haproxy/render-config.sh');

/** A request over HTTPS that trusts only `ca` (the test's own certificate). */
function httpsRequest(url: string, ca: string, method = 'GET', body?: unknown) {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise<{ status: number; headers: Record<string, unknown>; body: unknown }>((resolve, reject) => {
    const req = https.request(
      url,
      { method, ca, headers: payload ? { 'content-type': 'application/json' } : {} },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : undefined }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

describe('the balancer’s configuration for several hosts', () => {
  it('renders a configuration HAProxy accepts: nodes on other hosts, TLS, syslog', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'diem-cau-haproxy-'));
    try {
      // One PEM with the certificate and its key, as HAProxy takes it (it checks that it loads).
      const tls = await loadOrCreateSelfSigned(dir, ['dc.example']);
      const pem = path.join(dir, 'site.pem');
      writeFileSync(pem, `${tls.cert}\n${tls.key}`, { mode: 0o600 });
      const rendered = spawnSync(
        'bash',
        [
          RENDER,
          '--bind',
          ':443',
          '--state-dir',
          '/run/haproxy',
          '--tls-pem',
          pem,
          '--log',
          '/dev/log',
          '--node',
          'dc-a=10.0.1.11:3000',
          '--node',
          'dc-b=10.0.1.12:3000',
          '--node',
          'dc-c=dc-c.lan:3000',
        ],
        { encoding: 'utf8' },
      );
      expect(rendered.status, rendered.stderr).toBe(0);
      expect(rendered.stdout).toContain('server dc-c dc-c.lan:3000 track rest/dc-c');
      writeFileSync(path.join(dir, 'haproxy.cfg'), rendered.stdout);
      const check = spawnSync('haproxy', ['-c', '-f', path.join(dir, 'haproxy.cfg')], { encoding: 'utf8' });
      expect(check.status, check.stdout + check.stderr).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a node that is not NAME=HOST:PORT', () => {
    const rendered = spawnSync('bash', [RENDER, '--bind', ':80', '--state-dir', '/tmp', '--node', 'dc-a=10.0.1.11'], {
      encoding: 'utf8',
    });
    expect(rendered.status).toBe(2);
    expect(rendered.stderr).toContain('NAME=HOST:PORT');
  });
});

/**
 * `TLS_CERT_FILE=… TLS_KEY_FILE=… npm run start:cluster`: TLS ends at HAProxy, the nodes behind it
 * speak plain HTTP on loopback; a sign-in over HTTPS and a Socket.IO client over wss:// go through.
 */
describe.skipIf(process.env.TEST_STORE === 'postgres')('a cluster whose TLS ends at HAProxy', () => {
  let cluster: Cluster;
  let certDir: string;
  let cert: string;

  beforeAll(async () => {
    certDir = mkdtempSync(path.join(os.tmpdir(), 'diem-cau-cert-'));
    const tls = await loadOrCreateSelfSigned(certDir, ['localhost', '127.0.0.1']);
    cert = tls.cert;
    cluster = await startCluster(2, {
      TLS_CERT_FILE: path.join(certDir, 'tls/self-signed-cert.pem'),
      TLS_KEY_FILE: path.join(certDir, 'tls/self-signed-key.pem'),
    });
  }, 180_000);
  afterAll(async () => {
    await cluster?.stop();
    rmSync(certDir, { recursive: true, force: true });
  }, 60_000);

  it('answers over HTTPS with HSTS, while the nodes speak HTTP', async () => {
    const url = cluster.url.replace('http:', 'https:');
    const health = await httpsRequest(`${url}/healthz`, cert);
    expect(health).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(health.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect((await api(cluster.nodes[0]!.url, 'GET', '/healthz')).status).toBe(200);
  });

  it('signs the admin in over HTTPS and carries Socket.IO over wss://', async () => {
    const url = cluster.url.replace('http:', 'https:');
    const login = await httpsRequest(`${url}/api/auth/login`, cert, 'POST', cluster.demo.admin);
    expect(login.status).toBe(200);
    const socket = io(url, {
      auth: { protocolVersion: PROTOCOL_VERSION, token: (login.body as AuthResponse).token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      ca: cert,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      const ack = await socket.emitWithAck('session:join', { sessionId: cluster.demo.sessionId });
      expect(ack.ok).toBe(true);
    } finally {
      socket.close();
    }
  });
});
