import type { RecordingGap } from '@diem-cau/shared';

/** A stored segment placed on the wall clock: `wallStart` epoch ms, `durationMs` of media. */
export interface PlacedSegment {
  run: number;
  seq: number;
  wallStart: number;
  durationMs: number;
}

/** A run's start and why there was a gap before it (recording_runs). */
export interface RunStart {
  run: number;
  gapReason: 'paused' | 'outage' | null;
}

/** Wall-clock jumps shorter than this between two segments are jitter of the segment clock, not gaps. */
export const GAP_TOLERANCE_MS = 1_000;

/** A main-track segment on both clocks. */
export interface TimelinePiece {
  wallStart: number;
  mediaStart: number;
  durationMs: number;
}

/**
 * Media time: the main track's stored segments laid end to end in wall order. Whatever lies between
 * two of them on the wall clock (a pause, a crash, a segment lost to a full disk) is a gap, marked
 * `paused` when the later segment opens a run that followed a pause, else `outage`.
 */
export class Timeline {
  readonly pieces: readonly TimelinePiece[];
  readonly gaps: readonly RecordingGap[];
  readonly durationMs: number;

  constructor(segments: readonly PlacedSegment[], runs: readonly RunStart[]) {
    const reasons = new Map(runs.map((r) => [r.run, r.gapReason]));
    const sorted = [...segments].sort((a, b) => a.wallStart - b.wallStart || a.run - b.run || a.seq - b.seq);
    const pieces: TimelinePiece[] = [];
    const gaps: RecordingGap[] = [];
    let media = 0;
    let wallEnd: number | undefined;
    let lastRun: number | undefined;
    for (const s of sorted) {
      if (wallEnd !== undefined && s.wallStart - wallEnd > GAP_TOLERANCE_MS) {
        const opensPausedRun = s.run !== lastRun && reasons.get(s.run) === 'paused';
        gaps.push({ atMs: media, lengthMs: s.wallStart - wallEnd, reason: opensPausedRun ? 'paused' : 'outage' });
      }
      pieces.push({ wallStart: s.wallStart, mediaStart: media, durationMs: s.durationMs });
      media += s.durationMs;
      wallEnd = Math.max(wallEnd ?? 0, s.wallStart + s.durationMs);
      lastRun = s.run;
    }
    this.pieces = pieces;
    this.gaps = gaps;
    this.durationMs = media;
  }

  /**
   * Where a wall-clock instant falls on media time: inside a piece, its offset there; in a gap, the
   * start of what follows; before the first piece 0; after the last, the end.
   */
  mediaAt(wall: number): number {
    for (const p of this.pieces) {
      if (wall < p.wallStart) return p.mediaStart;
      if (wall < p.wallStart + p.durationMs) return p.mediaStart + (wall - p.wallStart);
    }
    return this.durationMs;
  }
}
