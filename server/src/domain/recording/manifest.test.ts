import { describe, expect, it } from 'vitest';
import { mainTimeline } from './manifest.js';
import type { RunRow, SegmentRow } from './recordingStore.js';

const run = (n: number, startedMs: number, gapReason: RunRow['gap_reason'] = null): RunRow => ({
  recording_id: 'r',
  track: 'main',
  run: n,
  started_ms: startedMs,
  ended_ms: null,
  media_start_ms: 0,
  gap_reason: gapReason,
  label: null,
  end_reason: null,
});
const seg = (runNo: number, seq: number, startMs: number, durationMs: number): SegmentRow => ({
  recording_id: 'r',
  track: 'main',
  run: runNo,
  seq,
  start_ms: startMs,
  duration_ms: durationMs,
  storage_key: `k-${runNo}-${seq}`,
  size_bytes: 1,
  sha256: 'x',
  stored_at: '2026-12-08T00:00:00.000Z',
});

describe('the main timeline', () => {
  it('reads the jump of ffmpeg aligning its streams after the first segment as media, not an outage', () => {
    // Seen in CI: segment 0 "ended" at 2,737 ms, segment 1 began at 4,260 ms; the file held it all.
    const t = mainTimeline([run(1, 1_000_000)], [seg(1, 0, 0, 2737), seg(1, 1, 4260, 3966), seg(1, 2, 8260, 4000)]);
    expect(t.gaps).toEqual([]);
    expect(t.durationMs).toBe(4260 + 4000 + 4000);
    expect(t.mediaAt(1_000_000 + 5_000)).toBe(5_000);
  });

  it('keeps real gaps: a segment missing inside a run, and a new run after a pause', () => {
    const t = mainTimeline(
      [run(1, 1_000_000), run(2, 1_030_000, 'paused')],
      [seg(1, 0, 0, 4000), seg(1, 2, 8000, 4000), seg(2, 0, 0, 4000)],
    );
    expect(t.gaps).toEqual([
      { atMs: 4000, lengthMs: 4000, reason: 'outage' },
      { atMs: 8000, lengthMs: 18_000, reason: 'paused' },
    ]);
    expect(t.durationMs).toBe(12_000);
  });
});
