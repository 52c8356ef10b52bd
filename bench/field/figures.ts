/**
 * What one field scenario measured (tests/e2e/field-*.test.ts write it when FIELD_FIGURES_FILE is
 * set; `npm run bench:field` collects and prints it).
 */
export interface FieldPhase {
  /** e.g. "at 400 kbit/s". */
  name: string;
  /** Frame heights received, most seen first, e.g. "360p 85 %, 180p 15 %". */
  layer: string;
  frameRate: number;
  videoKbit: number;
  audioKbit: number;
  audioConcealedPercent: number;
  longestAudioGapMs: number;
  longestVideoStallMs: number;
  protocol: string | undefined;
  roundTripMs: number | undefined;
}

export interface FieldFigures {
  scenario: string;
  link: string;
  phases: FieldPhase[];
  /** Named times to recover in ms (null: not within the scenario's bound). */
  recovery: Record<string, number | null>;
}
