import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { AuthResponse, LiveRun, Question, SessionAttendance } from '@diem-cau/shared';
import { FAKE_MEDIA_ARGS, launchChromium } from '../support/browser.js';
import type { BroadcastFixture, FixtureEndpoint } from '../support/broadcastFixture.js';
import { HOST_CAMERA, expectDecoding, openEndpoint } from '../support/broadcastPages.js';
import { startCluster, type Cluster } from '../support/cluster.js';
import { api } from '../support/http.js';
import { connectSocket, type TestSocket } from '../support/socketClient.js';

/** The bound: a TV whose node died decodes again within 15 s, through the balancer, by itself. */
const RECOVERY_MS = 15_000;
const FLOOR_VIDEO_ON_HOST = 'video[data-source=floor][data-publisher=endpoint]';
const FLOOR_VIDEO_ON_TV = 'video[data-source=camera][data-publisher=endpoint]';

/** A browser page and the cluster node its Socket.IO connection reached (X-Node of the WebSocket handshake). */
interface Screen {
  page: Page;
  context: BrowserContext;
  node(): string | undefined;
}

/** `node-2-1234-abcdef` → `node-2`. */
const nodeName = (id: string | undefined): string | undefined => id?.split('-').slice(0, 2).join('-');

async function openTracked(browser: Browser): Promise<Screen> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  let node: string | undefined;
  cdp.on('Network.webSocketHandshakeResponseReceived', (event) => {
    const headers = event.response.headers as Record<string, string>;
    const value = Object.entries(headers).find(([name]) => name.toLowerCase() === 'x-node')?.[1];
    if (value) node = nodeName(value);
  });
  return { page, context, node: () => node };
}

async function waitForNode(screen: Screen): Promise<string> {
  await expect.poll(() => screen.node(), { timeout: 15_000 }).toBeTruthy();
  return screen.node()!;
}

/**
 * A conference on the cluster users start with `npm run start:cluster`: three nodes behind HAProxy,
 * the demo province's host and three of its TVs in Chromium, all through the balancer. The TVs land
 * on three nodes; the floor goes to a TV on a node other than the host's; members sign in with their
 * PINs and check in with the code their hall's TV shows; then the node of one TV is SIGKILLed, and
 * later the host's own (the origin). Each time the TVs decode again within 15 s by themselves, and
 * nothing is lost: every answer stored once, one attendance interval per TV across its reconnect.
 */
describe('a conference across three nodes survives the death of a node', () => {
  let cluster: Cluster;
  let browser: Browser;
  let fx: BroadcastFixture;
  let host: Screen;
  const tvs: { screen: Screen; endpoint: FixtureEndpoint }[] = [];
  const sockets: TestSocket[] = [];
  let hostToken: string;
  let adminToken: string;
  let run: LiveRun;
  const members: { memberNumber: string; token: string; socket: TestSocket }[] = [];

  const kill = (name: string): void => {
    const node = cluster.nodes.find((n) => n.name === name)!;
    process.kill(node.pid, 'SIGKILL');
  };
  const tvOn = (name: string) => tvs.find((t) => t.screen.node() === name);

  beforeAll(async () => {
    // One worker per node: three nodes and Chromium share the two cores.
    cluster = await startCluster(3, { MEDIASOUP_WORKERS: '1' });
    const demo = cluster.demo;
    fx = {
      sessionId: demo.sessionId,
      hostLogin: demo.host,
      endpoints: demo.endpointKeys.map((e) => ({ id: e.endpointId, name: e.name, key: e.key, token: '' })),
    } as unknown as BroadcastFixture;
    const login = async (body: unknown, route = '/api/auth/login') => {
      const res = await api<AuthResponse>(cluster.url, 'POST', route, undefined, body);
      if (res.status !== 200) throw new Error(`${route} answered ${res.status}`);
      return res.body.token;
    };
    hostToken = await login(demo.host);
    adminToken = await login(demo.admin);
    browser = await launchChromium([...FAKE_MEDIA_ARGS, '--autoplay-policy=no-user-gesture-required']);
  }, 180_000);

  afterAll(async () => {
    for (const s of sockets) s.close();
    await browser?.close().catch(() => undefined);
    await cluster?.stop();
  });

  it('the host and three TVs, each TV on its own node, all decode the host', async () => {
    host = await openTracked(browser);
    // The demo session is scheduled: the host starts it from the console, then goes live.
    await host.page.goto(`${cluster.url}/host?session=${fx.sessionId}`);
    await host.page.getByLabel('Tên đăng nhập').fill(fx.hostLogin.username);
    await host.page.getByLabel('Mật khẩu').fill(fx.hostLogin.password);
    await host.page.getByRole('button', { name: 'Đăng nhập' }).click();
    await host.page.getByTestId('start-session').click();
    await host.page.getByTestId('go-live').click();
    await expect.poll(() => host.page.getByText('Đang phát').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const used = new Set<string>();
    for (const endpoint of fx.endpoints) {
      // The balancer sends a new WebSocket to the node with the fewest: reopen until it is a node no TV has.
      for (let attempt = 0; ; attempt++) {
        const screen = await openTracked(browser);
        await openEndpoint(screen.page, cluster.url, fx, endpoint);
        const node = await waitForNode(screen);
        if (!used.has(node) || attempt >= 8) {
          used.add(node);
          tvs.push({ screen, endpoint });
          break;
        }
        await screen.context.close();
      }
    }
    expect(used.size).toBe(3);
    for (const { screen } of tvs) await expectDecoding(screen.page, HOST_CAMERA, 30_000);
  }, 180_000);

  it('the floor given to a TV on another node than the host’s reaches the host and the other TVs', async () => {
    const hostNode = await waitForNode(host);
    const speaker = tvs.find((t) => t.screen.node() !== hostNode)!;
    const listener = tvs.find((t) => t !== speaker)!;
    await speaker.screen.page.getByTestId('raise-hand').click();
    const hand = host.page.locator(`li[data-endpoint="${speaker.endpoint.id}"]`);
    await hand.getByRole('button', { name: 'Cho phát biểu' }).click();
    await host.page.getByTestId('floor-holder').waitFor();
    await expectDecoding(host.page, FLOOR_VIDEO_ON_HOST, 30_000);
    await expectDecoding(listener.screen.page, FLOOR_VIDEO_ON_TV, 30_000);
    await host.page.getByTestId('revoke').click();
    await expect.poll(() => listener.screen.page.locator(FLOOR_VIDEO_ON_TV).count(), { timeout: 15_000 }).toBe(0);
  }, 120_000);

  it('members sign in with their PINs, check in with the TV’s code and answer once each, across the nodes', async () => {
    const demo = cluster.demo;
    for (const [i, pin] of demo.memberPins.entries()) {
      const token = (
        await api<AuthResponse>(cluster.url, 'POST', '/api/auth/member', undefined, {
          memberNumber: pin.memberNumber,
          pin: pin.pin,
          sessionId: demo.sessionId,
        })
      ).body.token;
      const socket = await connectSocket(cluster.url, { token });
      sockets.push(socket);
      const joined = await socket.emitWithAck('session:join', { sessionId: demo.sessionId });
      if (!joined.ok) throw new Error(`join refused: ${joined.error.code}`);
      const tv = tvs[i % tvs.length]!;
      const code = await tv.screen.page.getByTestId('checkin-code').getAttribute('data-code');
      const checkin = await socket.emitWithAck('checkin:submit', { code: code! });
      if (!checkin.ok) throw new Error(`check-in refused: ${checkin.error.code}`);
      expect(checkin.data.endpointId).toBe(tv.endpoint.id);
      members.push({ memberNumber: pin.memberNumber, token, socket });
    }
    const question = await api<Question>(
      cluster.url,
      'POST',
      `/api/quiz/sessions/${demo.sessionId}/questions`,
      hostToken,
      {
        type: 'single',
        prompt: 'Nghị quyết có mấy nhóm giải pháp?',
        options: ['Ba', 'Năm'],
        correct: [1],
        timeLimitS: 120,
      },
    );
    const hostSocket = await connectSocket(cluster.url, { token: hostToken });
    sockets.push(hostSocket);
    await hostSocket.emitWithAck('session:join', { sessionId: demo.sessionId });
    const launched = await hostSocket.emitWithAck('quiz:launch', { questionId: question.body.id });
    if (!launched.ok) throw new Error(`launch refused: ${launched.error.code}`);
    run = launched.data;
    for (const m of members) {
      const ack = await m.socket.emitWithAck('quiz:answer', { runId: run.runId, answer: { choice: [1] } });
      expect(ack.ok).toBe(true);
    }
  }, 120_000);

  it('a TV’s node is SIGKILLed: that TV decodes again within 15 s through another node, nothing lost', async () => {
    expect(tvs).toHaveLength(3);
    const hostNode = await waitForNode(host);
    const victim = tvs.find((t) => t.screen.node() !== hostNode)!;
    const deadNode = victim.screen.node()!;
    const others = tvs.filter((t) => t !== victim);
    kill(deadNode);
    const killedAt = Date.now();
    await expect.poll(() => victim.screen.node(), { timeout: RECOVERY_MS }).not.toBe(deadNode);
    await expectDecoding(victim.screen.page, HOST_CAMERA, Math.max(1_000, killedAt + RECOVERY_MS - Date.now()));
    console.info(`TV decoding again ${Date.now() - killedAt} ms after its node was killed`);
    for (const t of others) await expectDecoding(t.screen.page, HOST_CAMERA, 10_000);
    expect(tvOn(deadNode)).toBeUndefined();
  }, 60_000);

  it('the host’s node (the origin) is SIGKILLed: the host republishes from another node and every TV resumes', async () => {
    expect(tvs).toHaveLength(3);
    const originNode = await waitForNode(host);
    kill(originNode);
    const killedAt = Date.now();
    await expect.poll(() => host.node(), { timeout: RECOVERY_MS }).not.toBe(originNode);
    for (const t of tvs)
      await expectDecoding(t.screen.page, HOST_CAMERA, Math.max(1_000, killedAt + RECOVERY_MS - Date.now()));
    console.info(`every TV decoding the host again ${Date.now() - killedAt} ms after the origin was killed`);
  }, 60_000);

  it('the report shows every answer stored once and one attendance interval per TV', async () => {
    expect(members).toHaveLength(cluster.demo.memberPins.length);
    // The phones resend what they sent (their outbox does so after a reconnect): answered with what is stored.
    for (const m of members) {
      const socket = m.socket.connected ? m.socket : await connectSocket(cluster.url, { token: m.token });
      if (socket !== m.socket) {
        sockets.push(socket);
        await socket.emitWithAck('session:join', { sessionId: cluster.demo.sessionId });
      }
      const ack = await socket.emitWithAck('quiz:answer', { runId: run.runId, answer: { choice: [1] } });
      expect(ack.ok).toBe(true);
    }
    const hostSocket = await connectSocket(cluster.url, { token: hostToken });
    sockets.push(hostSocket);
    await hostSocket.emitWithAck('session:join', { sessionId: cluster.demo.sessionId });
    const distribution = await hostSocket.emitWithAck('quiz:distribution', { runId: run.runId });
    if (!distribution.ok) throw new Error(`distribution refused: ${distribution.error.code}`);
    expect(distribution.data.members).toBe(members.length);

    const attendance = await api<SessionAttendance>(
      cluster.url,
      'GET',
      `/api/sessions/${cluster.demo.sessionId}/attendance`,
      adminToken,
    );
    for (const { endpoint } of tvs) {
      const row = attendance.body.endpoints.find((e) => e.endpointId === endpoint.id)!;
      expect(row.intervals).toHaveLength(1);
    }
  }, 60_000);
});
