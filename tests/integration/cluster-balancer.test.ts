import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage, AuthResponse } from '@diem-cau/shared';
import {
  requestFrom,
  startCluster,
  websocketUpgradeHeaders,
  type Cluster,
  type ClusterNode,
} from '../support/cluster.js';
import { api, waitFor } from '../support/http.js';
import { connectSocket, type TestSocket } from '../support/socketClient.js';

const NODE_HEADER = 'x-node';
/** Another client address on this machine than the balancer's (127.0.0.1), and an address it might forge. */
const CLIENT = '127.0.0.2';
const FORGED = '203.0.113.66';

/** Each node's own count of open sockets (its /metrics, read at its own port, not through the balancer). */
async function socketsOn(node: ClusterNode): Promise<number> {
  const text = await (await fetch(`${node.url}/metrics`)).text();
  return Number(/^diemcau_sockets_connected (\d+)/m.exec(text)?.[1] ?? NaN);
}

function stopped(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

/**
 * `npm run start:cluster` as a user runs it — its private PostgreSQL and Redis, three nodes of the
 * compiled server and Debian's HAProxy in front — on loopback ports of the test's own. Through the
 * balancer: health, REST spread over the nodes (each answer names its node in X-Node), a sign-in,
 * sockets on every node with a push crossing between them, the client's address as the nodes record
 * it, and a node stopped (SIGTERM: it drains) then another killed (SIGKILL), each taken out by the
 * health checks while requests keep succeeding. The cluster always runs on PostgreSQL, so the
 * suite's PostgreSQL pass (TEST_STORE=postgres) does not run it a second time.
 */
describe.skipIf(process.env.TEST_STORE === 'postgres')('a cluster behind HAProxy (npm run start:cluster)', () => {
  let cluster: Cluster;
  let adminToken: string;
  const nodeIds = new Map<string, string>(); // X-Node → node name
  const sockets: TestSocket[] = [];

  /** Sends a request through the balancer; the answer and the name of the node that gave it. */
  const viaBalancer = async (path: string) => {
    const res = await fetch(`${cluster.url}${path}`, { headers: { authorization: `Bearer ${adminToken}` } });
    await res.arrayBuffer();
    return { status: res.status, node: nodeIds.get(res.headers.get(NODE_HEADER) ?? '') ?? '?' };
  };

  /** Requests through the balancer until HAProxy holds `name` DOWN and its process is gone: every one answered 200. */
  const requestsUntilOut = async (name: string, pid: number) => {
    const answers: { status: number; node: string }[] = [];
    const deadline = Date.now() + 20_000;
    while (!((await cluster.serverStates())[name] === 'DOWN' && stopped(pid))) {
      if (Date.now() > deadline) throw new Error(`${name} was not taken out within 20 s`);
      answers.push(await viaBalancer(`/api/sessions/${cluster.demo.sessionId}`));
      await delay(50);
    }
    for (let i = 0; i < 9; i++) answers.push(await viaBalancer(`/api/sessions/${cluster.demo.sessionId}`));
    return answers;
  };

  beforeAll(async () => {
    cluster = await startCluster(3);
    for (const node of cluster.nodes) {
      const res = await fetch(`${node.url}/healthz`);
      nodeIds.set(res.headers.get(NODE_HEADER)!, node.name);
    }
  }, 180_000);
  afterAll(async () => {
    for (const s of sockets) s.close();
    await cluster?.stop();
  }, 60_000);

  it('answers /healthz through the balancer and spreads REST requests over the nodes', async () => {
    const health = await api(cluster.url, 'GET', '/healthz');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });
    expect(nodeIds.size).toBe(3);

    const answeredBy: string[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`${cluster.url}/api/nothing-here`);
      expect(res.status).toBe(404);
      answeredBy.push(nodeIds.get(res.headers.get(NODE_HEADER) ?? '') ?? '?');
    }
    // Round-robin: each node answers two of six.
    expect([...answeredBy].sort()).toEqual(['node-1', 'node-1', 'node-2', 'node-2', 'node-3', 'node-3']);
    // The WebSocket handshake's answer names its node too.
    const upgrade = await websocketUpgradeHeaders(cluster.url);
    expect(nodeIds.has(String(upgrade[NODE_HEADER]))).toBe(true);
  });

  it('signs the demo admin in with its password, and a member with its PIN, through the balancer', async () => {
    const admin = await api<AuthResponse>(cluster.url, 'POST', '/api/auth/login', undefined, cluster.demo.admin);
    expect(admin.status).toBe(200);
    expect(admin.body.identity.role).toBe('admin');
    adminToken = admin.body.token;

    const [member] = cluster.demo.memberPins;
    const phone = await api<AuthResponse>(cluster.url, 'POST', '/api/auth/member', undefined, {
      memberNumber: member!.memberNumber,
      pin: member!.pin,
    });
    expect(phone.status).toBe(200);
    expect(phone.body.identity.role).toBe('member');
  });

  it('records the client’s address behind the balancer, and no forged one (TRUST_PROXY)', async () => {
    const path = `/api/sessions/${cluster.demo.sessionId}`;
    const headers = { authorization: `Bearer ${adminToken}`, 'x-forwarded-for': FORGED };
    // Through HAProxy, from another address than its own; and straight to a node, which trusts only the balancer.
    const through = await requestFrom(CLIENT, `${cluster.url}${path}`, {
      method: 'PATCH',
      headers,
      body: { title: 'Qua cân bằng tải' },
    });
    expect(through.status).toBe(200);
    const direct = await requestFrom(CLIENT, `${cluster.nodes[1]!.url}${path}`, {
      method: 'PATCH',
      headers,
      body: { title: 'Thẳng tới nút' },
    });
    expect(direct.status).toBe(200);

    const audit = await api<AuditPage>(cluster.url, 'GET', '/api/audit?action=session.update', adminToken);
    expect(audit.status).toBe(200);
    const addressOf = (title: string) => audit.body.items.find((e) => e.after?.title === title)?.address;
    expect(addressOf('Qua cân bằng tải')).toBe(CLIENT);
    expect(addressOf('Thẳng tới nút')).toBe(CLIENT);
  });

  it('lands Socket.IO clients on every node, and a push from one node reaches the sockets on the others', async () => {
    for (let i = 0; i < 6; i++) {
      const socket = await connectSocket(cluster.url, { token: adminToken });
      sockets.push(socket);
      const ack = await socket.emitWithAck('session:join', { sessionId: cluster.demo.sessionId });
      expect(ack.ok).toBe(true);
    }
    // leastconn over three nodes: each holds two of the six, as each node counts its own sockets.
    expect(await Promise.all(cluster.nodes.map(socketsOn))).toEqual([2, 2, 2]);

    const pushed = sockets.map(
      (s) => new Promise<string>((resolve) => s.once('session:status', (status) => resolve(status.status))),
    );
    // Started on node-1 itself: four of the six sockets are on node-2 and node-3.
    const started = await api(
      cluster.nodes[0]!.url,
      'POST',
      `/api/sessions/${cluster.demo.sessionId}/start`,
      adminToken,
    );
    expect(started.status).toBe(200);
    expect(await Promise.all(pushed)).toEqual(Array(6).fill('live'));
  });

  it('takes a node stopped with SIGTERM out while it drains; requests keep succeeding on the others', async () => {
    const node = cluster.nodes[2]!;
    process.kill(node.pid, 'SIGTERM');
    const draining = await waitFor(async () => {
      const res = await api(node.url, 'GET', '/healthz');
      return res.status === 503 ? res.body : undefined;
    }, 5_000);
    expect(draining).toEqual({ status: 'draining' });

    const answers = await requestsUntilOut(node.name, node.pid);
    expect(answers.filter((a) => a.status !== 200)).toEqual([]);
    expect(answers.slice(-9).map((a) => a.node)).not.toContain(node.name);
    // Its two sockets were closed; the other four stay.
    await waitFor(async () => (sockets.filter((s) => s.connected).length === 4 ? true : undefined), 5_000);
  });

  it('takes a node killed with SIGKILL out; requests and new sockets go to the node left', async () => {
    const node = cluster.nodes[1]!;
    process.kill(node.pid, 'SIGKILL');
    const answers = await requestsUntilOut(node.name, node.pid);
    expect(answers.filter((a) => a.status !== 200)).toEqual([]);
    expect(answers.slice(-9).map((a) => a.node)).toEqual(Array(9).fill('node-1'));
    expect(await cluster.serverStates()).toEqual({ 'node-1': 'UP', 'node-2': 'DOWN', 'node-3': 'DOWN' });

    const before = await socketsOn(cluster.nodes[0]!);
    const late = await connectSocket(cluster.url, { token: adminToken });
    sockets.push(late);
    expect(await socketsOn(cluster.nodes[0]!)).toBe(before + 1);
  });

  it('takes the node out while it has lost Redis, and back in when Redis returns', async () => {
    const node = cluster.nodes[0]!;
    cluster.redis.stop();
    await waitFor(async () => ((await cluster.serverStates())[node.name] === 'DOWN' ? true : undefined), 15_000);
    expect(await api(node.url, 'GET', '/healthz')).toMatchObject({ status: 503, body: { status: 'degraded' } });
    // No node left: the balancer answers 503 itself.
    expect((await viaBalancer('/healthz')).status).toBe(503);

    cluster.redis.start();
    await waitFor(async () => ((await cluster.serverStates())[node.name] === 'UP' ? true : undefined), 20_000);
    expect(await viaBalancer(`/api/sessions/${cluster.demo.sessionId}`)).toEqual({ status: 200, node: node.name });
  });
});
