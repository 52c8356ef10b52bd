import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  WEBHOOK_HEADERS,
  type AuthResponse,
  type Session,
  type Webhook,
  type WebhookDelivery,
  type WebhookEvent,
  type WebhookWithSecret,
} from '@diem-cau/shared';
import { orgService } from '@diem-cau/server/src/domain/org/index.js';
import { verifySignature } from '@diem-cau/server/src/domain/webhooks/signature.js';
import { api, waitFor } from '../support/http.js';
import { seedReportProvince, type ReportSeed } from '../support/reportSeed.js';
import { connectSocket } from '../support/socketClient.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  answered: number;
}

/** A webhook receiver on loopback: records each request and answers with the next planned status (then 200). */
async function startReceiver(): Promise<{
  url: string;
  received: Received[];
  plan: Map<string, number[]>;
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  const plan = new Map<string, number[]>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const status = plan.get(path)?.shift() ?? 200;
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), answered: status });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'nope');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    plan,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

describe('webhooks: signed, retried through BullMQ, failures visible', () => {
  let t: TestApp;
  let seed: ReportSeed;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let hookA: WebhookWithSecret;

  beforeAll(async () => {
    t = await startTestApp({ WEBHOOK_ATTEMPTS: '3', WEBHOOK_BACKOFF_MS: '300' });
    seed = await seedReportProvince(t.app);
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  const eventsAt = (path: string, type: string): { event: WebhookEvent; r: Received }[] =>
    receiver.received
      .filter((r) => r.path === path)
      .map((r) => ({ event: JSON.parse(r.body) as WebhookEvent, r }))
      .filter((x) => x.event.type === type);

  it('lets only an admin register webhooks, validates them, and shows the secret once', async () => {
    const body = {
      url: `${receiver.url}/a`,
      events: ['session.started', 'session.ended', 'endpoint.joined', 'endpoint.left', 'report.ready'],
    };
    expect(await api(t.url, 'POST', '/api/webhooks', seed.hostToken, body)).toMatchObject({
      status: 403,
      body: { error: { code: 'FORBIDDEN' } },
    });
    expect(
      await api(t.url, 'POST', '/api/webhooks', seed.adminToken, { ...body, url: 'ftp://127.0.0.1/x' }),
    ).toMatchObject({ status: 400, body: { error: { code: 'BAD_REQUEST' } } });
    expect(
      await api(t.url, 'POST', '/api/webhooks', seed.adminToken, { ...body, events: ['session.exploded'] }),
    ).toMatchObject({ status: 400 });
    expect(await api(t.url, 'POST', '/api/webhooks', seed.adminToken, { ...body, secret: 'mine' })).toMatchObject({
      status: 400,
    });
    expect(await t.app.db.selectFrom('webhooks').select('id').execute()).toEqual([]);

    const created = await api<WebhookWithSecret>(t.url, 'POST', '/api/webhooks', seed.adminToken, body);
    expect(created.status).toBe(201);
    hookA = created.body;
    expect(hookA.secret).toMatch(/^whsec_/);
    const list = await api<Webhook[]>(t.url, 'GET', '/api/webhooks', seed.adminToken);
    expect(list.body).toHaveLength(1);
    expect(JSON.stringify(list.body)).not.toContain(hookA.secret);
  });

  it('delivers session.started signed, retrying after a failed first attempt', async () => {
    receiver.plan.set('/a', [500]);
    const session = await api<Session>(t.url, 'POST', '/api/sessions', seed.hostToken, {
      title: 'Hội nghị có webhook',
      resolution: 'Nghị quyết',
    });
    await api(t.url, 'POST', `/api/sessions/${session.body.id}/invites`, seed.hostToken, {
      endpointIds: [seed.endpoints[0]],
    });
    expect((await api(t.url, 'POST', `/api/sessions/${session.body.id}/start`, seed.hostToken)).status).toBe(200);

    const attempts = await waitFor(async () => {
      const got = eventsAt('/a', 'session.started');
      return got.length >= 2 ? got : undefined;
    });
    expect(attempts.map((a) => a.r.answered)).toEqual([500, 200]);
    for (const { event, r } of attempts) {
      expect(event).toMatchObject({ type: 'session.started', data: { sessionId: session.body.id } });
      expect(r.headers[WEBHOOK_HEADERS.event]).toBe('session.started');
      expect(
        verifySignature(
          hookA.secret,
          r.headers[WEBHOOK_HEADERS.signature] as string,
          r.headers[WEBHOOK_HEADERS.timestamp] as string,
          r.body,
        ),
      ).toBe(true);
      expect(
        verifySignature(
          'whsec_wrong',
          r.headers[WEBHOOK_HEADERS.signature] as string,
          r.headers[WEBHOOK_HEADERS.timestamp] as string,
          r.body,
        ),
      ).toBe(false);
    }
    expect(attempts[0]?.r.headers[WEBHOOK_HEADERS.delivery]).toBe(attempts[1]?.r.headers[WEBHOOK_HEADERS.delivery]);
    const log = await waitFor(async () => {
      const d = await api<WebhookDelivery[]>(t.url, 'GET', `/api/webhooks/${hookA.id}/deliveries`, seed.adminToken);
      const started = d.body.find((x) => x.eventType === 'session.started');
      return started?.status === 'delivered' ? started : undefined;
    });
    expect(log).toMatchObject({ attempts: 2, lastStatusCode: 200, lastError: null });

    // An endpoint joining and leaving.
    const { endpointKey } = await orgService(t.app.ctx).rotateKey(seed.endpoints[0] ?? '');
    const login = await api<AuthResponse>(t.url, 'POST', '/api/auth/endpoint', undefined, {
      endpointKey,
      sessionId: session.body.id,
    });
    const socket = await connectSocket(t.url, { token: login.body.token });
    const joined = await socket.emitWithAck('session:join', { sessionId: session.body.id });
    expect(joined.ok).toBe(true);
    await waitFor(async () => (eventsAt('/a', 'endpoint.joined').length === 1 ? true : undefined));
    socket.close();
    await waitFor(async () => (eventsAt('/a', 'endpoint.left').length === 1 ? true : undefined));
    expect(eventsAt('/a', 'endpoint.left')[0]?.event.data).toMatchObject({
      sessionId: session.body.id,
      endpointId: seed.endpoints[0],
      reason: 'disconnect',
    });

    // Ending the session, and a report becoming ready.
    await api(t.url, 'POST', `/api/sessions/${session.body.id}/end`, seed.hostToken);
    await waitFor(async () => (eventsAt('/a', 'session.ended').length === 1 ? true : undefined));
    const report = await api<{ id: string }>(t.url, 'POST', `/api/reports/sessions/${seed.sessionId}`, seed.adminToken);
    const ready = await waitFor(async () => eventsAt('/a', 'report.ready')[0]);
    expect(ready.event).toMatchObject({
      id: `report.ready.${report.body.id}`,
      data: { reportId: report.body.id, kind: 'session' },
    });
  });

  it('shows a delivery that gave up after its retries, and redelivers it on request', async () => {
    const dead = `http://127.0.0.1:${await closedPort()}/b`;
    const hookB = (
      await api<WebhookWithSecret>(t.url, 'POST', '/api/webhooks', seed.adminToken, {
        url: dead,
        events: ['webhook.ping'],
        description: 'Máy nhận đã tắt',
      })
    ).body;
    expect((await api(t.url, 'POST', `/api/webhooks/${hookB.id}/ping`, seed.adminToken)).status).toBe(202);

    const failed = await waitFor(async () => {
      const d = await api<WebhookDelivery[]>(
        t.url,
        'GET',
        `/api/webhooks/${hookB.id}/deliveries?status=failed`,
        seed.adminToken,
      );
      return d.body[0];
    });
    expect(failed).toMatchObject({ eventType: 'webhook.ping', status: 'failed', attempts: 3, lastStatusCode: null });
    expect(failed.lastError).toMatch(/fetch failed|ECONNREFUSED/i);
    const listed = (await api<Webhook[]>(t.url, 'GET', '/api/webhooks', seed.adminToken)).body.find(
      (w) => w.id === hookB.id,
    );
    expect(listed?.failedDeliveries).toBe(1);

    expect((await api(t.url, 'POST', `/api/webhooks/deliveries/${failed.id}/redeliver`, seed.hostToken)).status).toBe(
      403,
    );
    await api(t.url, 'PATCH', `/api/webhooks/${hookB.id}`, seed.adminToken, { url: `${receiver.url}/b` });
    expect((await api(t.url, 'POST', `/api/webhooks/deliveries/${failed.id}/redeliver`, seed.adminToken)).status).toBe(
      200,
    );
    const delivered = await waitFor(async () => {
      const d = await api<WebhookDelivery[]>(t.url, 'GET', `/api/webhooks/${hookB.id}/deliveries`, seed.adminToken);
      return d.body[0]?.status === 'delivered' ? d.body[0] : undefined;
    });
    expect(delivered.attempts).toBe(4);
    const ping = receiver.received.find((r) => r.path === '/b');
    expect(
      verifySignature(
        hookB.secret,
        ping?.headers[WEBHOOK_HEADERS.signature] as string,
        ping?.headers[WEBHOOK_HEADERS.timestamp] as string,
        ping?.body ?? '',
      ),
    ).toBe(true);
  });
});
