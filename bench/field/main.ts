import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { writeResult } from '../lib/results.js';
import { formatTable } from '../lib/table.js';
import type { FieldFigures } from './figures.js';

/** The issue #13 scenarios, each an end-to-end test that records its figures when FIELD_FIGURES_FILE is set. */
export const FIELD_SCENARIOS: Record<string, string> = {
  '1': 'tests/e2e/field-lossy-link.test.ts',
  '2': 'tests/e2e/field-rate-drop.test.ts',
  '3': 'tests/e2e/field-udp-blocked.test.ts',
  '4': 'tests/e2e/field-link-cut.test.ts',
};

const USAGE = `npm run bench:field -- [options]   (as root: network namespaces, tbf, nftables)
  --scenarios LIST        which scenarios, comma-separated (default 1,2,3,4):
                          1  1 Mbit/s, 5 % loss, 200 ms round trip
                          2  4 Mbit/s → 400 kbit/s → 4 Mbit/s
                          3  UDP blocked (ICE-TCP)
                          4  link cut 30 s, then restored`;

export function parseFieldArgs(argv: string[]): { scenarios: string[] } {
  const { values } = parseArgs({
    args: argv,
    options: { scenarios: { type: 'string', default: '1,2,3,4' }, help: { type: 'boolean', default: false } },
  });
  if (values.help) throw new Error(USAGE);
  const scenarios = values.scenarios.split(',').map((s) => s.trim());
  const unknown = scenarios.filter((s) => !(s in FIELD_SCENARIOS));
  if (unknown.length > 0 || scenarios.length === 0) throw new Error(`bad --scenarios ${values.scenarios}\n${USAGE}`);
  return { scenarios };
}

export interface FieldRun {
  scenario: string;
  file: string;
  /** The test's assertions (the issue's bounds) held. */
  passed: boolean;
  figures: FieldFigures | undefined;
}

export function fieldTable(runs: readonly FieldRun[]): string {
  const rows = runs.flatMap((r) =>
    (r.figures?.phases ?? []).map((p) => [
      r.figures!.scenario,
      p.name,
      p.layer,
      p.frameRate,
      p.videoKbit,
      p.audioConcealedPercent,
      p.longestAudioGapMs,
      p.longestVideoStallMs,
      p.protocol,
      p.roundTripMs,
    ]),
  );
  const table = formatTable(
    [
      'scenario',
      'phase',
      'layer received',
      'fps',
      'video kbit/s',
      'audio concealed %',
      'longest audio gap ms',
      'longest video stall ms',
      'ICE',
      'RTT ms',
    ],
    rows,
  );
  const lines = runs.map((r) => {
    const recovery = Object.entries(r.figures?.recovery ?? {})
      .map(([name, ms]) => `${name}: ${ms === null ? 'not within the bound' : `${(ms / 1000).toFixed(1)} s`}`)
      .join('; ');
    const link = r.figures ? ` — ${r.figures.link}` : ' — no figures (the scenario failed before measuring)';
    return `scenario ${r.scenario} ${r.passed ? 'held its bounds' : 'FAILED its bounds'}${link}${recovery ? `\n    ${recovery}` : ''}`;
  });
  return `${table}\n\n${lines.join('\n')}`;
}

function runScenario(scenario: string, log: (line: string) => void): FieldRun {
  const file = FIELD_SCENARIOS[scenario]!;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'diemcau-field-'));
  const figuresFile = path.join(dir, 'figures.jsonl');
  try {
    log(`scenario ${scenario}: ${file}`);
    const vitest = path.resolve(import.meta.dirname, '../../node_modules/.bin/vitest');
    const result = spawnSync(vitest, ['run', '--reporter=dot', file], {
      stdio: 'inherit',
      env: { ...process.env, FIELD_FIGURES_FILE: figuresFile, DIEMCAU_TEST_TMP: dir },
    });
    let figures: FieldFigures | undefined;
    try {
      const lines = readFileSync(figuresFile, 'utf8').trim().split('\n');
      figures = JSON.parse(lines.at(-1)!) as FieldFigures;
    } catch {
      figures = undefined;
    }
    return { scenario, file, passed: result.status === 0, figures };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  let options: { scenarios: string[] };
  try {
    options = parseFieldArgs(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 2;
    return;
  }
  const startedAt = new Date();
  console.log(`field: scenarios ${options.scenarios.join(', ')}, ${os.cpus().length} cores; one at a time`);
  const runs = options.scenarios.map((s) => runScenario(s, (line) => console.log(line)));
  console.log(`\n${fieldTable(runs)}`);
  console.log(`\nresults: ${writeResult('field', startedAt, { runs })}`);
  if (runs.some((r) => !r.passed)) process.exitCode = 1;
}

if (import.meta.filename === process.argv[1]) await main();
