import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LinkTimeline, ReportInfo, SessionReport } from '@diem-cau/shared';
import { accountService } from '@diem-cau/server/src/domain/accounts/index.js';
import { broadcastDomain } from '@diem-cau/server/src/domain/broadcast/index.js';
import { RtpSource } from '../../bench/fanout/rtpSource.js';
import { createBroadcastFixture, type BroadcastFixture } from '../support/broadcastFixture.js';
import { api, waitFor } from '../support/http.js';
import { nextPush, request } from '../support/mediaSignal.js';
import { PlainLinkReceiver, plainTransportOf, produceSynthetic, receiveAll } from '../support/plainLink.js';
import { connectSocket, type TestSocket } from '../support/socketClient.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

/**
 * The quality record of an endpoint's link, sampled by the server from real mediasoup workers: a
 * synthetic host publishes RTP, the endpoint receives it on a plain RTP transport through the real
 * signalling and answers with receiver reports (10 % loss, 150 ms round trip). The endpoint goes
 * audio only, its link is cut, its worker is SIGKILLed and its socket drops; each is recorded with
 * its times, shown in the session report and its exports, and on the per-endpoint timeline route.
 * Sampling every second (LINK_SAMPLE_SECONDS=1) rather than the default 10 keeps the test short.
 */
describe('link quality record per endpoint', () => {
  let t: TestApp;
  let fx: BroadcastFixture;
  let other: BroadcastFixture;
  let adminToken: string;
  let source: RtpSource;
  let receiver: PlainLinkReceiver;
  let receiverPort: number;
  let endpoint: TestSocket;
  const sockets: TestSocket[] = [];
  const marks: Record<string, number> = {};

  const endpointId = () => fx.endpoints[0]!.id;
  const room = () => broadcastDomain(t.app.ctx).rooms.existing(fx.sessionId)!;
  const minutes = () =>
    t.app.db
      .selectFrom('link_minutes')
      .selectAll()
      .where('session_id', '=', fx.sessionId)
      .where('endpoint_id', '=', endpointId())
      .execute();
  const periods = (kind: 'outage' | 'audio_only') =>
    t.app.db
      .selectFrom('link_periods')
      .selectAll()
      .where('session_id', '=', fx.sessionId)
      .where('kind', '=', kind)
      .orderBy('started_at')
      .execute();
  const total = (rows: Awaited<ReturnType<typeof minutes>>, f: (r: (typeof rows)[number]) => number) =>
    rows.reduce((n, r) => n + f(r), 0);

  async function connect(token: string): Promise<TestSocket> {
    const socket = await connectSocket(t.url, { token });
    sockets.push(socket);
    await request(socket, 'session:join', { sessionId: fx.sessionId });
    return socket;
  }

  /** The endpoint's screen joins and receives the host on a plain transport (again after a loss). */
  async function receive(socket: TestSocket): Promise<void> {
    const transport = await plainTransportOf(t, fx.sessionId, socket, 'recv', receiverPort);
    receiver.sendTo(transport);
    expect(await receiveAll(socket, transport.id)).toBe(2);
  }

  /** Waits until the samples taken after `since` show `check`. */
  const sampledSince = (since: number, check: (rows: Awaited<ReturnType<typeof minutes>>) => boolean) =>
    waitFor(async () => {
      const rows = (await minutes()).filter((r) => Date.parse(r.last_at) > since);
      return rows.length > 0 && check(rows) ? rows : undefined;
    }, 20_000);

  beforeAll(async () => {
    // The defaults users run (wildcard listen). Test files run one at a time, so no field link's
    // address comes and goes under this app.
    t = await startTestApp({ LINK_SAMPLE_SECONDS: '1' });
    fx = await createBroadcastFixture(t, 1);
    other = await createBroadcastFixture(t, 1, { districtName: 'Huyện Vũ Thư' });
    const admin = await accountService(t.app.ctx).create({
      username: `admin-${randomUUID().slice(0, 8)}`,
      password: `pw-${randomUUID()}`,
      displayName: 'Quản trị',
      role: 'admin',
    });
    adminToken = await t.app.tokens.sign({ subject: admin.id, role: 'admin', displayName: admin.displayName });
    await fx.start();

    const host = await connect(fx.hostToken);
    const send = await plainTransportOf(t, fx.sessionId, host, 'send');
    await produceSynthetic(host, send.id);
    source = new RtpSource({ ip: '127.0.0.1', port: send.tuple.localPort }, { videoBitrate: 600_000 });
    await source.start(170_000);

    receiver = new PlainLinkReceiver({ loss: 0.1, rttMs: 150 });
    receiverPort = await receiver.start();
    endpoint = await connect(fx.endpoints[0]!.token);
    await receive(endpoint);
  });

  afterAll(async () => {
    source?.stop();
    receiver?.close();
    for (const s of sockets) s.close();
    await t?.close();
  });

  it('samples the layer, bitrate, loss and round trip the endpoint receives, from the server side', async () => {
    const rows = await sampledSince(
      0,
      (r) => total(r, (x) => x.video_ms) >= 3000 && total(r, (x) => x.rtt_samples) >= 3,
    );
    const videoMs = total(rows, (r) => r.video_ms);
    expect(total(rows, (r) => r.layer0_ms + r.layer1_ms + r.layer2_ms)).toBe(videoMs);
    expect(total(rows, (r) => r.bitrate_sum) / total(rows, (r) => r.bitrate_samples)).toBeGreaterThan(0);
    // What the receiver reported: 26/256 lost, and a round trip of at least the 150 ms it held back.
    const meanLoss = total(rows, (r) => r.loss_sum) / total(rows, (r) => r.loss_samples);
    expect(meanLoss).toBeGreaterThan(0.08);
    expect(meanLoss).toBeLessThan(0.11);
    const meanRtt = total(rows, (r) => r.rtt_sum) / total(rows, (r) => r.rtt_samples);
    expect(meanRtt).toBeGreaterThanOrEqual(140);
    expect(meanRtt).toBeLessThan(5000);
    expect(rows.every((r) => r.score_min !== null && r.score_min >= 0 && r.score_min <= 10)).toBe(true);
  });

  it('records an audio-only period with its times, and audio-only time in the samples', async () => {
    marks.audioOnlyFrom = Date.now();
    await request(endpoint, 'media:setAudioOnly', { audioOnly: true });
    await sampledSince(marks.audioOnlyFrom, (r) => total(r, (x) => x.audio_only_ms) >= 2000);
    const open = await waitFor(async () => (await periods('audio_only'))[0], 5_000);
    expect(open.ended_at).toBeNull();
    marks.audioOnlyTo = Date.now();
    await request(endpoint, 'media:setAudioOnly', { audioOnly: false });
    const [period] = await waitFor(async () => {
      const rows = await periods('audio_only');
      return rows[0]?.ended_at ? rows : undefined;
    }, 5_000);
    expect(period).toMatchObject({ cause: 'requested' });
    expect(Date.parse(period!.started_at)).toBeGreaterThanOrEqual(marks.audioOnlyFrom - 10);
    expect(Date.parse(period!.ended_at!)).toBeGreaterThanOrEqual(marks.audioOnlyTo);
    // The samples taken while audio only carry no video layer.
    const during = (await minutes()).filter((r) => r.audio_only_ms > 0);
    expect(total(during, (r) => r.audio_only_ms)).toBeGreaterThanOrEqual(2000);
  });

  it('records an outage when nothing is heard from the endpoint (a cut link), until it is heard again', async () => {
    await sampledSince(Date.now(), (r) => total(r, (x) => x.video_ms) > 0);
    marks.cutAt = Date.now();
    receiver.cut();
    const open = await waitFor(async () => (await periods('outage')).find((p) => p.ended_at === null), 20_000);
    expect(open.cause).toBe('silent');
    // It started at the last sample at which the endpoint was still heard.
    expect(Date.parse(open.started_at)).toBeLessThanOrEqual(marks.cutAt + 1500);
    expect(Date.parse(open.started_at)).toBeGreaterThan(marks.cutAt - 2500);
    marks.restoredAt = Date.now();
    receiver.restore();
    const closed = await waitFor(
      async () => (await periods('outage')).find((p) => p.id === open.id && p.ended_at),
      15_000,
    );
    expect(Date.parse(closed.ended_at!)).toBeGreaterThanOrEqual(marks.restoredAt);
  });

  it('records an outage when the endpoint’s worker is SIGKILLed, until it receives on a new one', async () => {
    const peer = room().peer(endpoint.id!)!;
    expect(peer.slot).not.toBe(room().originSlot); // the host's producers survive on the origin
    const told = nextPush(endpoint, 'media:reconnect');
    marks.killedAt = Date.now();
    process.kill(t.app.media.slots[peer.slot!]!.worker.pid, 'SIGKILL');
    expect((await told).reason).toBe('workerReplaced');
    const open = await waitFor(async () => (await periods('outage')).find((p) => p.cause === 'worker'), 10_000);
    expect(open.ended_at).toBeNull();
    expect(Date.parse(open.started_at)).toBeGreaterThanOrEqual(marks.killedAt);
    await new Promise((r) => setTimeout(r, 1500));
    marks.backAt = Date.now();
    await receive(endpoint);
    const closed = await waitFor(
      async () => (await periods('outage')).find((p) => p.id === open.id && p.ended_at),
      10_000,
    );
    expect(Date.parse(closed.ended_at!)).toBeGreaterThanOrEqual(marks.backAt);
    await sampledSince(Date.now(), (r) => total(r, (x) => x.video_ms) > 0);
  });

  it('records an outage when the endpoint’s socket drops and it is back within the grace', async () => {
    marks.droppedAt = Date.now();
    endpoint.close();
    const open = await waitFor(async () => (await periods('outage')).find((p) => p.cause === 'socket'), 10_000);
    expect(open.ended_at).toBeNull();
    expect(Date.parse(open.started_at)).toBeGreaterThanOrEqual(marks.droppedAt);
    await new Promise((r) => setTimeout(r, 2000));
    marks.rejoinedAt = Date.now();
    endpoint = await connect(fx.endpoints[0]!.token);
    await receive(endpoint);
    const closed = await waitFor(
      async () => (await periods('outage')).find((p) => p.id === open.id && p.ended_at),
      10_000,
    );
    expect(Date.parse(closed.ended_at!)).toBeGreaterThanOrEqual(marks.rejoinedAt);
    expect(Date.parse(closed.ended_at!) - Date.parse(closed.started_at)).toBeGreaterThanOrEqual(2000);
    await sampledSince(Date.now(), (r) => total(r, (x) => x.video_ms) > 0);
  });

  it('shows the record in the session report and its exports, with Vietnamese headers', async () => {
    await fx.end();
    const asked = await api<ReportInfo>(t.url, 'POST', `/api/reports/sessions/${fx.sessionId}`, fx.hostToken, {});
    expect(asked.status).toBe(202);
    const info = await waitFor(async () => {
      const r = await api<ReportInfo>(t.url, 'GET', `/api/reports/${asked.body.id}`, fx.hostToken);
      if (r.body.status === 'failed') throw new Error(`report failed: ${r.body.error}`);
      return r.body.status === 'done' ? r.body : undefined;
    });
    const report = (await api<SessionReport>(t.url, 'GET', `/api/reports/${info.id}/result`, fx.hostToken)).body;
    expect(report.linkQuality).toHaveLength(1);
    const row = report.linkQuality[0]!;
    expect(row.endpointId).toBe(endpointId());
    expect(row.outages.map((o) => o.cause)).toEqual(['silent', 'worker', 'socket']);
    expect(row.outageCount).toBe(3);
    expect(row.outages.every((o) => o.endedAt !== null && o.durationMs > 0)).toBe(true);
    expect(row.outageTotalMs).toBe(row.outages.reduce((n, o) => n + o.durationMs, 0));
    expect(row.audioOnlyPeriods).toBe(1);
    expect(row.audioOnlyMs).toBeGreaterThanOrEqual(marks.audioOnlyTo! - marks.audioOnlyFrom! - 1500);
    expect(row.lossMean).toBeGreaterThan(0.08);
    expect(row.rttMeanMs).toBeGreaterThanOrEqual(140);
    expect(row.bitrateMedian).toBeGreaterThan(0);
    expect(row.medianLayer).not.toBeNull();
    // Three outages and 10 % loss: a weak link.
    expect(row.weak).toBe(true);
    expect(row.weakReasons).toEqual(expect.arrayContaining(['outages', 'loss']));
    expect(report.summary.weakLinks).toBe(1);

    const csv = await api(t.url, 'GET', `/api/reports/${info.id}/export.csv?table=link_quality`, fx.hostToken);
    expect(csv.status).toBe(200);
    const [headers, values] = parse(csv.raw.toString('utf8'), { bom: true }) as string[][];
    expect(headers).toEqual(expect.arrayContaining(['Điểm cầu', 'Đánh giá', 'Số lần mất kết nối']));
    const cell = (h: string) => values![headers!.indexOf(h)];
    expect(cell('Điểm cầu')).toBe(fx.endpoints[0]!.name);
    expect(cell('Đánh giá')).toBe('Yếu');
    expect(cell('Số lần mất kết nối')).toBe('3');
    const outages = await api(t.url, 'GET', `/api/reports/${info.id}/export.csv?table=link_outages`, fx.hostToken);
    const outageRows = parse(outages.raw.toString('utf8'), { bom: true }) as string[][];
    expect(outageRows[0]).toEqual([
      'Huyện/Thị xã',
      'Xã/Phường',
      'Điểm cầu',
      'Bắt đầu',
      'Kết thúc',
      'Thời gian (giây)',
      'Nguyên nhân',
    ]);
    expect(outageRows.slice(1).map((r) => r[6])).toEqual([
      'Không nhận được tín hiệu từ điểm cầu',
      'Tiến trình truyền hình của máy chủ khởi động lại',
      'Mất kết nối mạng (vào lại trong thời gian chờ)',
    ]);
    expect(outageRows.slice(1).every((r) => /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/.test(r[3]!))).toBe(true);

    const xlsx = await api(t.url, 'GET', `/api/reports/${info.id}/export.xlsx`, fx.hostToken);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.raw as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Chất lượng đường truyền')!;
    expect(sheet.getRow(2).getCell(3).value).toBe(fx.endpoints[0]!.name);
    expect(book.getWorksheet('Mất kết nối')!.rowCount).toBe(4);
  });

  it('serves the endpoint’s timeline to the session’s host and admins only', async () => {
    const path = `/api/reports/sessions/${fx.sessionId}/link/${endpointId()}`;
    const timeline = await api<LinkTimeline>(t.url, 'GET', path, fx.hostToken);
    expect(timeline.status).toBe(200);
    expect(timeline.body.endpointName).toBe(fx.endpoints[0]!.name);
    expect(timeline.body.minutes.length).toBeGreaterThan(0);
    expect(timeline.body.minutes.every((m) => m.samples > 0 && m.sampledMs > 0)).toBe(true);
    expect(timeline.body.periods.map((p) => [p.kind, p.cause])).toEqual([
      ['audio_only', 'requested'],
      ['outage', 'silent'],
      ['outage', 'worker'],
      ['outage', 'socket'],
    ]);
    expect((await api(t.url, 'GET', path, adminToken)).status).toBe(200);

    expect((await api(t.url, 'GET', path)).status).toBe(401);
    for (const token of [other.hostToken, fx.endpoints[0]!.token, fx.memberToken])
      expect(await api(t.url, 'GET', path, token)).toMatchObject({
        status: 403,
        body: { error: { code: 'FORBIDDEN' } },
      });
    const outsider = `/api/reports/sessions/${fx.sessionId}/link/${fx.outsider.id}`;
    expect(await api(t.url, 'GET', outsider, fx.hostToken)).toMatchObject({
      status: 404,
      body: { error: { code: 'NOT_FOUND' } },
    });
    expect((await api(t.url, 'GET', `/api/reports/sessions/${fx.sessionId}/link/not-an-id`, fx.hostToken)).status).toBe(
      400,
    );
  });
});
