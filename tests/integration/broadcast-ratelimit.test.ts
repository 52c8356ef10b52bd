import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack } from '@diem-cau/shared';
import { BROADCAST_RATE_LIMITS } from '@diem-cau/server/src/signaling/rateLimit.js';
import { createBroadcastFixture, type BroadcastFixture } from '../support/broadcastFixture.js';
import { request } from '../support/mediaSignal.js';
import { connectSocket, emitRaw, type TestSocket } from '../support/socketClient.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

/** Sends `count` requests at once and returns their error codes ('OK' for success). */
async function flood(socket: TestSocket, event: string, payload: unknown, count: number): Promise<string[]> {
  const acks: Ack<unknown>[] = await Promise.all(Array.from({ length: count }, () => emitRaw(socket, event, payload)));
  return acks.map((ack) => (ack.ok ? 'OK' : ack.error.code));
}

describe('broadcast events are rate limited per socket', () => {
  let t: TestApp;
  let fx: BroadcastFixture;
  const sockets: TestSocket[] = [];

  async function join(token: string): Promise<TestSocket> {
    const socket = await connectSocket(t.url, { token });
    sockets.push(socket);
    await request(socket, 'session:join', { sessionId: fx.sessionId });
    return socket;
  }

  beforeAll(async () => {
    t = await startTestApp();
    fx = await createBroadcastFixture(t, 2);
    await fx.start();
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t?.close();
  });

  it('answers RATE_LIMITED once a socket has spent its bucket, and other sockets are not affected', async () => {
    const { perSecond, burst } = BROADCAST_RATE_LIMITS;
    const noisy = await join(fx.endpoints[0]!.token);
    const total = 3 * (perSecond + burst);
    const codes = await flood(noisy, 'media:getRouterRtpCapabilities', {}, total);
    const ok = codes.filter((c) => c === 'OK').length;
    const limited = codes.filter((c) => c === 'RATE_LIMITED').length;
    expect(ok + limited).toBe(total);
    expect(ok).toBeGreaterThanOrEqual(perSecond + burst);
    expect(limited).toBeGreaterThan(0);

    // The refusal is a coded error with the wait, not a dropped connection.
    const refused = await emitRaw(noisy, 'floor:raiseHand', {});
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('RATE_LIMITED');
      expect(refused.error.details?.[0]?.path).toBe('retryAfterMs');
    }
    expect(noisy.connected).toBe(true);

    // Another endpoint's socket still gets answers.
    const quiet = await join(fx.endpoints[1]!.token);
    const caps = await request(quiet, 'media:getRouterRtpCapabilities', {});
    expect(caps.rtpCapabilities.codecs?.length).toBeGreaterThan(0);
  });

  it('a refused request changes nothing: a throttled host cannot start a roll call, a throttled endpoint raises no hand', async () => {
    const host = await join(fx.hostToken);
    await flood(host, 'floor:getState', {}, 3 * (BROADCAST_RATE_LIMITS.perSecond + BROADCAST_RATE_LIMITS.burst));
    const start = await emitRaw(host, 'rollcall:start', { durationSeconds: 30 });
    expect(start.ok ? 'OK' : start.error.code).toBe('RATE_LIMITED');

    const endpoint = await join(fx.endpoints[1]!.token);
    await flood(endpoint, 'floor:getState', {}, 3 * (BROADCAST_RATE_LIMITS.perSecond + BROADCAST_RATE_LIMITS.burst));
    const raise = await emitRaw(endpoint, 'floor:raiseHand', {});
    expect(raise.ok ? 'OK' : raise.error.code).toBe('RATE_LIMITED');

    const observer = await join(fx.endpoints[0]!.token);
    // A fresh socket has its own bucket: nothing was stored or queued by the refused requests.
    expect(await request(observer, 'rollcall:getState', {})).toBeNull();
    expect((await request(observer, 'floor:getState', {})).queue).toEqual([]);
  });

  it('malformed payloads are still refused as BAD_REQUEST before the bucket is consulted', async () => {
    const socket = await join(fx.endpoints[0]!.token);
    const codes = await flood(
      socket,
      'media:setAudioOnly',
      { audioOnly: 'yes' },
      2 * (BROADCAST_RATE_LIMITS.perSecond + BROADCAST_RATE_LIMITS.burst),
    );
    expect(new Set(codes)).toEqual(new Set(['BAD_REQUEST']));
  });
});
