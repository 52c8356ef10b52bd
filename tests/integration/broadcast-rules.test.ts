import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { broadcastDomain } from '@diem-cau/server/src/domain/broadcast/index.js';
import { authService } from '@diem-cau/server/src/domain/accounts/index.js';
import { createBroadcastFixture, type BroadcastFixture } from '../support/broadcastFixture.js';
import { nextPush, opusParameters, request, vp8SimulcastParameters } from '../support/mediaSignal.js';
import { connectSocket, emitRaw, type TestSocket } from '../support/socketClient.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'OK',
    // Ack errors carry the code as message; services throw AppError with a code.
    (error: Error & { code?: string }) => error.code ?? error.message,
  );
}

describe('broadcast rules: roles, sessions, payloads, floor and roll call', () => {
  let t: TestApp;
  let fx: BroadcastFixture;
  let other: BroadcastFixture;
  const sockets: TestSocket[] = [];

  async function connect(token: string, sessionId?: string): Promise<TestSocket> {
    const socket = await connectSocket(t.url, { token });
    sockets.push(socket);
    if (sessionId) await request(socket, 'session:join', { sessionId });
    return socket;
  }

  beforeAll(async () => {
    t = await startTestApp();
    fx = await createBroadcastFixture(t, 3);
    other = await createBroadcastFixture(t, 1, { districtName: 'Huyện Vũ Thư' });
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t?.close();
  });

  it('refuses media before the session is live, and without a joined session', async () => {
    const loose = await connect(fx.hostToken);
    expect(await codeOf(request(loose, 'media:getRouterRtpCapabilities', {}))).toBe('CONFLICT');
    const host = await connect(fx.hostToken, fx.sessionId);
    expect(await codeOf(request(host, 'media:getRouterRtpCapabilities', {}))).toBe('CONFLICT');
    await fx.start();
    await other.start();
    const caps = await request(host, 'media:getRouterRtpCapabilities', {});
    expect(caps.rtpCapabilities.codecs?.some((c) => c.mimeType === 'video/VP8')).toBe(true);
  });

  it('refuses a token for one session in another, and an uninvited endpoint', async () => {
    const endpoint = await connect(fx.endpoints[0]!.token);
    expect(await codeOf(request(endpoint, 'session:join', { sessionId: other.sessionId }))).toBe('FORBIDDEN');
    expect(await codeOf(request(endpoint, 'media:createTransport', { direction: 'recv' }))).toBe('CONFLICT');
    const outsider = await codeOf(authService(t.app.ctx).endpointLogin(fx.outsider.key, fx.sessionId));
    expect(outsider).toBe('FORBIDDEN');
    // The host of one session may not join another host's session.
    const foreignHost = await connect(other.hostToken);
    expect(await codeOf(request(foreignHost, 'session:join', { sessionId: fx.sessionId }))).toBe('FORBIDDEN');
  });

  it('refuses the wrong role with FORBIDDEN', async () => {
    const member = await connect(fx.memberToken, fx.sessionId);
    expect(await codeOf(request(member, 'media:getRouterRtpCapabilities', {}))).toBe('FORBIDDEN');
    expect(await codeOf(request(member, 'floor:raiseHand', {}))).toBe('FORBIDDEN');
    const endpoint = await connect(fx.endpoints[0]!.token, fx.sessionId);
    expect(await codeOf(request(endpoint, 'media:createTransport', { direction: 'send' }))).toBe('FORBIDDEN');
    expect(await codeOf(request(endpoint, 'floor:grant', { endpointId: fx.endpoints[0]!.id }))).toBe('FORBIDDEN');
    expect(await codeOf(request(endpoint, 'rollcall:start', { durationSeconds: 30 }))).toBe('FORBIDDEN');
    const host = await connect(fx.hostToken, fx.sessionId);
    expect(await codeOf(request(host, 'floor:raiseHand', {}))).toBe('FORBIDDEN');
    expect(await codeOf(request(host, 'rollcall:confirm', { rollCallId: 'x' }))).toBe('FORBIDDEN');
  });

  it('answers malformed payloads with BAD_REQUEST', async () => {
    const host = await connect(fx.hostToken, fx.sessionId);
    const send = await request(host, 'media:createTransport', { direction: 'send' });
    const cases: [string, unknown][] = [
      ['media:createTransport', { direction: 'sideways' }],
      ['media:createTransport', { direction: 'send', extra: 1 }],
      ['media:connectTransport', { transportId: send.id, dtlsParameters: { fingerprints: [] } }],
      ['media:produce', { transportId: send.id, kind: 'video', source: 'camera', rtpParameters: { codecs: [] } }],
      ['media:produce', { transportId: send.id, kind: 'audio', source: 'speaker', rtpParameters: opusParameters(1) }],
      ['media:setPreferredLayers', { consumerId: 'c', spatialLayer: 7 }],
      ['floor:grant', { endpointId: '' }],
      ['rollcall:start', { durationSeconds: 5 }],
      ['media:reportStats', { iceState: 'great' }],
    ];
    for (const [event, payload] of cases) {
      const ack = await emitRaw(host, event, payload);
      expect({ event, ack }).toMatchObject({ event, ack: { ok: false, error: { code: 'BAD_REQUEST' } } });
    }
    // Semantically wrong media: the source does not match the kind, or the codec is not offered.
    expect(
      await codeOf(
        request(host, 'media:produce', {
          transportId: send.id,
          kind: 'video',
          source: 'mic',
          rtpParameters: vp8SimulcastParameters(),
        }),
      ),
    ).toBe('BAD_REQUEST');
    const badCodec = { ...opusParameters(5), codecs: [{ mimeType: 'audio/G722', payloadType: 9, clockRate: 8000 }] };
    expect(
      await codeOf(
        request(host, 'media:produce', { transportId: send.id, kind: 'audio', source: 'mic', rtpParameters: badCodec }),
      ),
    ).toBe('BAD_REQUEST');
    expect(await codeOf(request(host, 'media:resumeConsumer', { consumerId: 'nope' }))).toBe('NOT_FOUND');
    expect(
      await codeOf(
        request(host, 'media:connectTransport', {
          transportId: 'nope',
          dtlsParameters: { fingerprints: [{ algorithm: 'sha-256', value: 'AB' }] },
        }),
      ),
    ).toBe('NOT_FOUND');
  });

  it('gives the floor: only the holder publishes, a second grant replaces the first, revoke stops it', async () => {
    const host = await connect(fx.hostToken, fx.sessionId);
    const [e1, e2] = [
      await connect(fx.endpoints[1]!.token, fx.sessionId),
      await connect(fx.endpoints[2]!.token, fx.sessionId),
    ];
    await request(e1, 'floor:raiseHand', {});
    const queued = await request(e2, 'floor:raiseHand', {});
    expect(queued.queue.map((h) => h.endpointId)).toEqual([fx.endpoints[1]!.id, fx.endpoints[2]!.id]);
    const lowered = await request(e2, 'floor:lowerHand', {});
    expect(lowered.queue.map((h) => h.endpointId)).toEqual([fx.endpoints[1]!.id]);

    const pushed = nextPush(e2, 'floor:state', (s) => s.holder?.endpointId === fx.endpoints[1]!.id);
    const granted = await request(host, 'floor:grant', { endpointId: fx.endpoints[1]!.id });
    expect(granted.holder?.endpointId).toBe(fx.endpoints[1]!.id);
    expect(granted.queue).toEqual([]);
    await pushed;

    const send = await request(e1, 'media:createTransport', { direction: 'send' });
    expect(
      await codeOf(
        request(e1, 'media:produce', {
          transportId: send.id,
          kind: 'video',
          source: 'screen',
          rtpParameters: vp8SimulcastParameters(),
        }),
      ),
    ).toBe('FORBIDDEN');
    const cam = await request(e1, 'media:produce', {
      transportId: send.id,
      kind: 'video',
      source: 'camera',
      rtpParameters: vp8SimulcastParameters(),
    });
    const mic = await request(e1, 'media:produce', {
      transportId: send.id,
      kind: 'audio',
      source: 'mic',
      rtpParameters: opusParameters(2222),
    });
    const { producers } = await request(e2, 'media:getProducers', {});
    expect(
      producers
        .filter((p) => p.publisher.role === 'endpoint')
        .map((p) => p.producerId)
        .sort(),
    ).toEqual([cam.producerId, mic.producerId].sort());

    const muted = await request(host, 'floor:mute', { muted: true });
    expect(muted.holder?.muted).toBe(true);
    const room = broadcastDomain(t.app.ctx).rooms.existing(fx.sessionId)!;
    expect(room.producers().find((p) => p.producerId === mic.producerId)?.paused).toBe(true);

    // A second grant replaces the first: endpoint 1's producers close and it may no longer publish.
    const closed = nextPush(host, 'media:producerClosed', (p) => p.producerId === cam.producerId);
    const second = await request(host, 'floor:grant', { endpointId: fx.endpoints[2]!.id });
    expect(second.holder?.endpointId).toBe(fx.endpoints[2]!.id);
    await closed;
    expect(
      await codeOf(
        request(e1, 'media:produce', {
          transportId: send.id,
          kind: 'audio',
          source: 'mic',
          rtpParameters: opusParameters(3333),
        }),
      ),
    ).toBe('FORBIDDEN');

    const e2send = await request(e2, 'media:createTransport', { direction: 'send' });
    const e2cam = await request(e2, 'media:produce', {
      transportId: e2send.id,
      kind: 'video',
      source: 'camera',
      rtpParameters: vp8SimulcastParameters(),
    });
    const revokedPush = nextPush(host, 'media:producerClosed', (p) => p.producerId === e2cam.producerId);
    const revoked = await request(host, 'floor:revoke', {});
    expect(revoked.holder).toBeNull();
    await revokedPush;
    expect(await codeOf(request(host, 'floor:grant', { endpointId: fx.outsider.id }))).toBe('CONFLICT');
  });

  it('holds a roll call: stored answers, a wrong id refused, a late answer refused', async () => {
    const host = await connect(fx.hostToken, fx.sessionId);
    const e1 = await connect(fx.endpoints[0]!.token, fx.sessionId);
    const started = nextPush(e1, 'rollcall:state');
    const call = await request(host, 'rollcall:start', { durationSeconds: 60 });
    expect((await started).rollCallId).toBe(call.rollCallId);
    expect(call.expected.map((e) => e.endpointId)).toContain(fx.endpoints[0]!.id);
    expect(await codeOf(request(host, 'rollcall:start', { durationSeconds: 60 }))).toBe('CONFLICT');

    const update = nextPush(host, 'rollcall:state', (s) => s.answers.length === 1);
    const answer = await request(e1, 'rollcall:confirm', { rollCallId: call.rollCallId });
    expect((await update).answers[0]).toEqual({ endpointId: fx.endpoints[0]!.id, answeredAt: answer.answeredAt });
    // Idempotent: the first answer's time stands.
    expect(await request(e1, 'rollcall:confirm', { rollCallId: call.rollCallId })).toEqual(answer);
    const stored = await t.app.db
      .selectFrom('roll_call_answers')
      .selectAll()
      .where('roll_call_id', '=', call.rollCallId)
      .execute();
    expect(stored).toHaveLength(1);
    expect(await codeOf(request(e1, 'rollcall:confirm', { rollCallId: 'a-roll-call-of-another-session' }))).toBe(
      'NOT_FOUND',
    );
    const late = broadcastDomain(t.app.ctx).rollCalls.confirm(
      fx.sessionId,
      call.rollCallId,
      { endpointId: fx.endpoints[1]!.id, name: fx.endpoints[1]!.name },
      call.deadline + 1,
    );
    expect(await codeOf(late)).toBe('DEADLINE_PASSED');
    const state = await request(host, 'rollcall:getState', {});
    expect(state?.answers.map((a) => a.endpointId)).toEqual([fx.endpoints[0]!.id]);
  });

  it('shows the host an audience table of invited endpoints grouped by district', async () => {
    const host = await connect(fx.hostToken, fx.sessionId);
    const audience = await nextPush(host, 'media:audience');
    expect(audience.invited).toBe(3);
    expect(audience.rows).toHaveLength(3);
    expect(audience.rows.every((r) => r.district === 'Huyện Đông Hưng')).toBe(true);
    expect(audience.connected).toBe(audience.rows.filter((r) => r.connected).length);
    expect(audience.connected).toBeGreaterThan(0);
  });

  it('closes the media room when the session ends', async () => {
    const host = await connect(fx.hostToken, fx.sessionId);
    await request(host, 'media:getRouterRtpCapabilities', {});
    expect(broadcastDomain(t.app.ctx).rooms.existing(fx.sessionId)).toBeDefined();
    await fx.end();
    expect(broadcastDomain(t.app.ctx).rooms.existing(fx.sessionId)).toBeUndefined();
    expect(await codeOf(request(host, 'media:getRouterRtpCapabilities', {}))).toBe('CONFLICT');
  });
});
