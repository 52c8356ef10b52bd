import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { broadcastDomain } from '@diem-cau/server/src/domain/broadcast/index.js';
import { phaseFigures, receiverSamples, recordFieldFigures, summarise } from '../support/field/index.js';
import { HOST_CAMERA, expectDecoding } from '../support/broadcastPages.js';
import { sleep, startFieldStage, type FieldStage } from '../support/fieldStage.js';

/** Issue #13, scenario 3: the hall's firewall drops UDP; the TV falls back to ICE-TCP by itself. */
describe('field scenario 3: UDP dropped by the namespace firewall', () => {
  let stage: FieldStage;

  beforeAll(async () => {
    stage = await startFieldStage({ blockUdp: true });
  });
  afterAll(async () => stage?.close());

  it('the endpoint connects over ICE-TCP (no option set) and decodes the host camera and audio', async () => {
    const { tv, t, fx } = stage;
    await stage.goLive();
    // The TV's default page, as users open it: no `transport=tcp`.
    await stage.openTv();
    const from = Date.now();
    await sleep(10_000);
    const samples = await receiverSamples(tv, from);
    const s = summarise(samples);
    recordFieldFigures({
      scenario: '3: UDP blocked',
      link: 'the client firewall drops UDP; no rate limit, loss or delay',
      phases: [phaseFigures('10 s decoding', s)],
      recovery: {},
    });

    expect(s.protocol).toBe('tcp');
    await expectDecoding(tv, HOST_CAMERA, 10_000);
    expect(samples.at(-1)!.audio.packetsReceived).toBeGreaterThan(samples[0]!.audio.packetsReceived);
    // The server agrees: the endpoint's receive transport runs over TCP.
    const room = broadcastDomain(t.app.ctx).rooms.existing(fx.sessionId)!;
    const peer = room.peers().find((p) => p.identity.role === 'endpoint')!;
    const recv = [...peer.transports.values()].find((x) => x.direction === 'recv')!.transport;
    expect(recv.iceSelectedTuple?.protocol).toBe('tcp');
  }, 70_000);
});
