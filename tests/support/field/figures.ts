import { appendFileSync } from 'node:fs';
import type { FieldFigures, FieldPhase } from '../../../bench/field/figures.js';
import type { ReceiverSummary } from './receiverStats.js';

export type { FieldFigures, FieldPhase };

export function phaseFigures(name: string, s: ReceiverSummary): FieldPhase {
  return {
    name,
    layer: s.layers.map((l) => `${l.height}p ${Math.round(l.share * 100)} %`).join(', ') || 'none',
    frameRate: round(s.frameRate, 1),
    videoKbit: Math.round(s.videoKbit),
    audioKbit: Math.round(s.audioKbit),
    audioConcealedPercent: round(s.audioConcealedPercent, 2),
    longestAudioGapMs: s.longestAudioGapMs,
    longestVideoStallMs: s.longestVideoStallMs,
    protocol: s.protocol,
    roundTripMs: s.roundTripMs,
  };
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** Appends the scenario's figures to FIELD_FIGURES_FILE (set by `npm run bench:field`); a no-op otherwise. */
export function recordFieldFigures(figures: FieldFigures): void {
  const file = process.env.FIELD_FIGURES_FILE;
  if (file) appendFileSync(file, `${JSON.stringify(figures)}\n`);
}
