import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIELD_SCENARIOS, fieldTable, parseFieldArgs, type FieldRun } from '../../bench/field/main.js';

/**
 * `npm run bench:field` runs the field scenarios (tests/e2e/field-*.test.ts, which record their
 * figures) one at a time and prints them; this checks its arguments and table, not the runs.
 */
describe('bench: field scenarios', () => {
  it('selects scenarios by number and refuses unknown ones', () => {
    expect(parseFieldArgs([]).scenarios).toEqual(['1', '2', '3', '4']);
    expect(parseFieldArgs(['--scenarios', '3,1']).scenarios).toEqual(['3', '1']);
    expect(() => parseFieldArgs(['--scenarios', '5'])).toThrow(/bad --scenarios/);
    for (const file of Object.values(FIELD_SCENARIOS))
      expect(existsSync(path.resolve(import.meta.dirname, '../..', file))).toBe(true);
  });

  it('prints one row per phase and the times to recover, saying which bounds failed', () => {
    const phase = {
      layer: '360p 90 %, 180p 10 %',
      frameRate: 19.5,
      videoKbit: 420,
      audioKbit: 24,
      audioConcealedPercent: 1.2,
      longestAudioGapMs: 200,
      longestVideoStallMs: 400,
      protocol: 'udp',
      roundTripMs: 41,
    };
    const runs: FieldRun[] = [
      {
        scenario: '2',
        file: FIELD_SCENARIOS['2']!,
        passed: false,
        figures: {
          scenario: '2: rate falls',
          link: '4 Mbit/s → 400 kbit/s',
          phases: [
            { name: 'at 4 Mbit/s', ...phase },
            { name: 'at 400 kbit/s', ...phase },
          ],
          recovery: { 'lower layer after the fall': 1900, 'top layer after the recovery': null },
        },
      },
      { scenario: '3', file: FIELD_SCENARIOS['3']!, passed: true, figures: undefined },
    ];
    const text = fieldTable(runs);
    expect(text).toContain('at 400 kbit/s');
    expect(text).toContain('360p 90 %, 180p 10 %');
    expect(text).toContain('lower layer after the fall: 1.9 s; top layer after the recovery: not within the bound');
    expect(text).toContain('scenario 2 FAILED its bounds');
    expect(text).toContain('scenario 3 held its bounds — no figures');
  });
});
