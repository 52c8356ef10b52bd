import { describe, expect, it } from 'vitest';
import { sampleRow } from './LinkRecorder.js';

const probe = {
  transportId: 't1',
  bytesReceived: 1000,
  bitrate: 480_000,
  video: true,
  spatialLayer: 1,
  fractionLost: 0.05,
  rttMs: 120,
  score: 8,
  audioOnly: false,
};

describe('a link sample as a minute row', () => {
  it('lands in its minute and stands for one sampling period', () => {
    const at = Date.parse('2026-03-10T10:03:27.500Z');
    expect(sampleRow('s1', 'e1', at, 10_000, probe)).toEqual({
      session_id: 's1',
      endpoint_id: 'e1',
      minute: '2026-03-10T10:03:00.000Z',
      samples: 1,
      sampled_ms: 10_000,
      video_ms: 10_000,
      layer0_ms: 0,
      layer1_ms: 10_000,
      layer2_ms: 0,
      audio_only_ms: 0,
      bitrate_samples: 1,
      bitrate_sum: 480_000,
      bitrate_min: 480_000,
      loss_samples: 1,
      loss_sum: 0.05,
      loss_max: 0.05,
      rtt_samples: 1,
      rtt_sum: 120,
      score_min: 8,
      last_at: '2026-03-10T10:03:27.500Z',
    });
  });

  it('counts audio only with no layer, and leaves out what was not measured', () => {
    const row = sampleRow('s1', 'e1', 0, 2_000, {
      ...probe,
      video: false,
      spatialLayer: null,
      audioOnly: true,
      bitrate: null,
      fractionLost: null,
      rttMs: null,
    });
    expect(row).toMatchObject({ video_ms: 0, layer1_ms: 0, audio_only_ms: 2_000, bitrate_samples: 0, loss_samples: 0 });
    expect(row.rtt_samples).toBe(0);
  });

  it('counts a layer above the third as the top one', () => {
    expect(sampleRow('s1', 'e1', 0, 1_000, { ...probe, spatialLayer: 3 }).layer2_ms).toBe(1_000);
  });
});
