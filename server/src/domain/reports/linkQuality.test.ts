import { describe, expect, it } from 'vitest';
import type { LinkMinuteRecord, LinkPeriodRecord } from '../broadcast/index.js';
import { reportTables } from './exportTables.js';
import { fixtureInput } from './fixture.test-data.js';
import { computeLinkQuality, quantile, WEAK_LINK_RULE } from './linkQuality.js';
import type { EndpointInfo } from './reportInputs.js';
import { computeSessionReport } from './sessionReport.js';

const t = (hhmmss: string): string => `2026-03-10T${hhmmss}.000Z`;
const WINDOW = { start: Date.parse(t('10:00:00')), end: Date.parse(t('12:00:00')) };
const place = { communeId: 'c', districtId: 'd', districtName: 'Huyện A', invited: true };
const E1: EndpointInfo = { id: 'e1', name: 'Điểm cầu Một', communeName: 'Xã Một', ...place };
const E2: EndpointInfo = { id: 'e2', name: 'Điểm cầu Hai', communeName: 'Xã Hai', ...place };

/** A minute of six 10-second samples. */
function minute(endpointId: string, at: string, m: Partial<LinkMinuteRecord> = {}): LinkMinuteRecord {
  return {
    session_id: 's1',
    endpoint_id: endpointId,
    minute: t(at),
    samples: 6,
    sampled_ms: 60_000,
    video_ms: 60_000,
    layer0_ms: 0,
    layer1_ms: 0,
    layer2_ms: 60_000,
    audio_only_ms: 0,
    bitrate_samples: 6,
    bitrate_sum: 6 * 1_500_000,
    bitrate_min: 1_400_000,
    loss_samples: 6,
    loss_sum: 0,
    loss_max: 0,
    rtt_samples: 6,
    rtt_sum: 6 * 40,
    score_min: 10,
    last_at: t(at),
    ...m,
  };
}

const outage = (endpointId: string, from: string, to: string | null, cause = 'socket'): LinkPeriodRecord => ({
  endpointId,
  kind: 'outage',
  cause,
  startedAt: t(from),
  endedAt: to === null ? null : t(to),
});

describe('link quality figures', () => {
  it('interpolates quantiles', () => {
    expect(quantile([], 0.5)).toBeNull();
    expect(quantile([5], 0.1)).toBe(5);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1100], 0.1)).toBe(200);
  });

  it('adds minutes into layer time, bitrate quantiles of the minute means, loss and round trip', () => {
    const minutes = [
      minute('e1', '10:00:00'),
      minute('e1', '10:01:00', { layer2_ms: 30_000, layer1_ms: 30_000, bitrate_sum: 6 * 900_000 }),
      minute('e1', '10:02:00', {
        layer2_ms: 0,
        layer0_ms: 60_000,
        bitrate_sum: 6 * 150_000,
        loss_sum: 6 * 0.02,
        loss_max: 0.04,
        rtt_sum: 6 * 100,
        score_min: 6,
      }),
    ];
    const [row] = computeLinkQuality([E1], minutes, [], WINDOW, WINDOW.end);
    expect(row).toMatchObject({
      endpointId: 'e1',
      sampledMs: 180_000,
      videoMs: 180_000,
      layerMs: [60_000, 30_000, 90_000],
      medianLayer: 1,
      bitrateMedian: 900_000,
      lossMax: 0.04,
      scoreMin: 6,
      outageCount: 0,
      weak: false,
      weakReasons: [],
    });
    expect(row!.bitrateP10).toBeCloseTo(150_000 + 0.2 * 750_000);
    expect(row!.lossMean).toBeCloseTo(0.02 / 3);
    expect(row!.rttMeanMs).toBeCloseTo(60);
  });

  it('counts outages inside the session only, an open one until now, and lists them with their times', () => {
    const periods = [
      outage('e1', '09:59:30', '10:00:10'), // 10 s of it inside the session
      outage('e1', '10:30:00', '10:30:45', 'worker'),
      outage('e1', '11:59:50', null, 'silent'), // open: runs until the end of the window
      {
        endpointId: 'e1',
        kind: 'audio_only' as const,
        cause: 'requested',
        startedAt: t('10:40:00'),
        endedAt: t('10:52:00'),
      },
    ];
    const [row] = computeLinkQuality([E1], [minute('e1', '10:00:00')], periods, WINDOW, WINDOW.end);
    expect(row!.outageCount).toBe(3);
    expect(row!.outageTotalMs).toBe(10_000 + 45_000 + 10_000);
    expect(row!.outageLongestMs).toBe(45_000);
    expect(row!.outages.map((o) => o.cause)).toEqual(['socket', 'worker', 'silent']);
    expect(row!.outages[1]).toEqual({
      startedAt: t('10:30:00'),
      endedAt: t('10:30:45'),
      durationMs: 45_000,
      cause: 'worker',
    });
    expect(row!.audioOnlyMs).toBe(12 * 60_000);
    expect(row!.audioOnlyPeriods).toBe(1);
    // Three outages, and audio only for 12 of its 1 sampled minutes.
    expect(row!.weakReasons).toEqual(['outages', 'audio_only']);
  });

  it('flags a weak link by each rule, and puts the weak ones first', () => {
    const r = WEAK_LINK_RULE;
    const rows = computeLinkQuality(
      [E1, E2],
      [
        minute('e1', '10:00:00'),
        minute('e2', '10:00:00', {
          layer2_ms: 0,
          layer0_ms: 40_000,
          layer1_ms: 20_000,
          loss_sum: 6 * r.lossMean,
          rtt_sum: 6 * r.rttMeanMs,
        }),
      ],
      [outage('e2', '10:10:00', '10:11:00')],
      WINDOW,
      WINDOW.end,
    );
    expect(rows.map((x) => x.endpointId)).toEqual(['e2', 'e1']);
    expect(rows[0]!.weakReasons).toEqual(['long_outage', 'loss', 'rtt', 'low_layer']);
    expect(rows[1]!.weak).toBe(false);
  });

  it('leaves out endpoints without a record', () => {
    expect(computeLinkQuality([E1, E2], [minute('e1', '10:00:00')], [], WINDOW, WINDOW.end)).toHaveLength(1);
  });
});

describe('link quality in the session report and its exports', () => {
  const report = computeSessionReport(
    fixtureInput({
      link: {
        minutes: [minute('e1', '10:00:00', { loss_sum: 6 * 0.08, loss_max: 0.1 })],
        periods: [outage('e1', '10:30:00', '10:30:45', 'worker')],
      },
    }),
    Date.parse('2026-03-11T00:00:00Z'),
  );

  it('has a row per endpoint with a record, and counts the weak ones', () => {
    expect(report.linkQuality.map((l) => [l.endpointName, l.weak, l.weakReasons])).toEqual([
      ['Điểm cầu Xã Một', true, ['loss']],
    ]);
    expect(report.summary.weakLinks).toBe(1);
  });

  it('exports the record with Vietnamese headers, and each outage with its times', () => {
    const tables = reportTables(report);
    const quality = tables.find((x) => x.key === 'link_quality')!;
    expect(quality.title).toBe('Chất lượng đường truyền');
    const cell = (header: string) => quality.rows[0]![quality.headers.indexOf(header)];
    expect(cell('Điểm cầu')).toBe('Điểm cầu Xã Một');
    expect(cell('Đánh giá')).toBe('Yếu');
    expect(cell('Lý do')).toBe('mất gói cao');
    expect(cell('Tốc độ trung vị (kbit/s)')).toBe(1500);
    expect(cell('Mất gói trung bình (%)')).toBe(8);
    expect(cell('Số lần mất kết nối')).toBe(1);
    expect(cell('Các lần mất kết nối')).toBe('10/03/2026 17:30:00 – 10/03/2026 17:30:45');
    const outages = tables.find((x) => x.key === 'link_outages')!;
    expect(outages.headers).toEqual([
      'Huyện/Thị xã',
      'Xã/Phường',
      'Điểm cầu',
      'Bắt đầu',
      'Kết thúc',
      'Thời gian (giây)',
      'Nguyên nhân',
    ]);
    expect(outages.rows).toEqual([
      [
        'Huyện A',
        'Xã Một',
        'Điểm cầu Xã Một',
        '10/03/2026 17:30:00',
        '10/03/2026 17:30:45',
        45,
        'Tiến trình truyền hình của máy chủ khởi động lại',
      ],
    ]);
  });
});
