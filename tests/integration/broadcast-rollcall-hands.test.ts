import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { broadcastDomain } from '@diem-cau/server/src/domain/broadcast/index.js';
import { createBroadcastFixture, type BroadcastFixture } from '../support/broadcastFixture.js';
import { nextPush, request } from '../support/mediaSignal.js';
import { connectSocket, type TestSocket } from '../support/socketClient.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

const HAND_GRACE_SECONDS = 2;

describe('roll call of late endpoints, and raised hands of endpoints that disconnect', () => {
  let t: TestApp;
  let fx: BroadcastFixture;
  const sockets: TestSocket[] = [];

  async function join(token: string): Promise<TestSocket> {
    const socket = await connectSocket(t.url, { token });
    sockets.push(socket);
    await request(socket, 'session:join', { sessionId: fx.sessionId });
    return socket;
  }

  /** Resolves once the server has processed the endpoint's departure. */
  async function gone(endpointId: string): Promise<void> {
    await expect
      .poll(() => broadcastDomain(t.app.ctx).presence.get(fx.sessionId, endpointId), { timeout: 10_000 })
      .toBeUndefined();
  }

  beforeAll(async () => {
    t = await startTestApp({ FLOOR_HAND_GRACE_SECONDS: String(HAND_GRACE_SECONDS) });
    fx = await createBroadcastFixture(t, 3);
    await fx.start();
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t?.close();
  });

  it('an endpoint that connects after the roll call started is expected, and its answer shows', async () => {
    const [first, late] = fx.endpoints as [(typeof fx.endpoints)[0], (typeof fx.endpoints)[0]];
    const host = await join(fx.hostToken);
    await join(first.token);
    const call = await request(host, 'rollcall:start', { durationSeconds: 60 });
    expect(call.expected.map((e) => e.endpointId)).toEqual([first.id]);

    const added = nextPush(host, 'rollcall:state', (s) => s.expected.some((e) => e.endpointId === late.id));
    const lateSocket = await join(late.token);
    const withLate = await added;
    expect(withLate.rollCallId).toBe(call.rollCallId);
    expect(withLate.expected.find((e) => e.endpointId === late.id)?.name).toBe(late.name);
    // Stored, not only pushed.
    const stored = await t.app.db
      .selectFrom('roll_call_expected')
      .select('endpoint_id')
      .where('roll_call_id', '=', call.rollCallId)
      .execute();
    expect(stored.map((r) => r.endpoint_id).sort()).toEqual([first.id, late.id].sort());

    // The late endpoint sees the open roll call after joining and answers it.
    const state = await request(lateSocket, 'rollcall:getState', {});
    expect(state?.closed).toBe(false);
    const answered = nextPush(host, 'rollcall:state', (s) => s.answers.some((a) => a.endpointId === late.id));
    await request(lateSocket, 'rollcall:confirm', { rollCallId: call.rollCallId });
    const final = await answered;
    expect(final.expected.map((e) => e.endpointId)).toContain(late.id);

    // Reconnecting does not list it twice.
    lateSocket.close();
    await gone(late.id);
    await join(late.token);
    const again = await request(host, 'rollcall:getState', {});
    expect(again?.expected.filter((e) => e.endpointId === late.id)).toHaveLength(1);
    for (const s of sockets.splice(0)) s.close();
    await gone(late.id);
  });

  it('a disconnected endpoint keeps its raised hand through the grace period only when it comes back', async () => {
    const [, second, third] = fx.endpoints as [
      (typeof fx.endpoints)[0],
      (typeof fx.endpoints)[0],
      (typeof fx.endpoints)[0],
    ];
    const host = await join(fx.hostToken);
    const flaky = await join(second.token);
    const lost = await join(third.token);
    await request(flaky, 'floor:raiseHand', {});
    await request(lost, 'floor:raiseHand', {});

    // The lost endpoint's connection drops and does not come back: its hand is lowered after the grace.
    const lowered = nextPush(
      host,
      'floor:state',
      (s) => !s.queue.some((h) => h.endpointId === third.id),
      (HAND_GRACE_SECONDS + 10) * 1000,
    );
    lost.close();
    await gone(third.id);
    // The flaky one drops and comes back within the grace: its hand stays, in its place.
    flaky.close();
    await gone(second.id);
    const back = await join(second.token);
    const state = await lowered;
    expect(state.queue.map((h) => h.endpointId)).toEqual([second.id]);
    // Still there once the grace period is well over.
    await new Promise((r) => setTimeout(r, (HAND_GRACE_SECONDS + 1) * 1000));
    expect((await request(host, 'floor:getState', {})).queue.map((h) => h.endpointId)).toEqual([second.id]);

    // Leaving on purpose lowers the hand at once.
    const left = nextPush(host, 'floor:state', (s) => s.queue.length === 0);
    await request(back, 'session:leave', {});
    expect((await left).queue).toEqual([]);
  });
});
