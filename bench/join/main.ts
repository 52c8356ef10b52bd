import os from 'node:os';
import { parseArgs } from 'node:util';
import { writeResult } from '../lib/results.js';
import { formatTable } from '../lib/table.js';
import { runJoin, type JoinOptions, type JoinResult } from './runJoin.js';

const USAGE = `npm run bench:join -- [options]
  --endpoints N           endpoints joining (default 12)
  --window-ms MS          their starts spread evenly over this window (default 3000)
  --per-page N            endpoints per Chromium page (default 6)
  --workers N             mediasoup workers (default: one per core = ${os.cpus().length})
  --timeout-ms MS         an endpoint without media by then has failed (default 30000)`;

export function parseJoinArgs(argv: string[]): JoinOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      endpoints: { type: 'string', default: '12' },
      'window-ms': { type: 'string', default: '3000' },
      'per-page': { type: 'string', default: '6' },
      workers: { type: 'string', default: String(os.cpus().length) },
      'timeout-ms': { type: 'string', default: '30000' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) throw new Error(USAGE);
  const num = (v: string, name: string, min: number, max: number): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`bad --${name} (${min}…${max})\n${USAGE}`);
    return n;
  };
  return {
    endpoints: num(values.endpoints, 'endpoints', 1, 500),
    windowMs: num(values['window-ms'], 'window-ms', 0, 600_000),
    perPage: num(values['per-page'], 'per-page', 1, 100),
    workers: num(values.workers, 'workers', 1, 64),
    endpointTimeoutMs: num(values['timeout-ms'], 'timeout-ms', 1000, 300_000),
  };
}

export function joinTable(r: JoinResult): string {
  const row = (name: string, s: JoinResult['joinToFirstMediaMs']) => [name, s.count, s.median, s.p95, s.p99, s.max];
  const table = formatTable(
    ['from first connection attempt to…', 'n', 'median ms', 'p95', 'p99', 'max'],
    [
      row('socket connected', r.connectedMs),
      row('session:join acknowledged', r.joinedMs),
      row('receive transport + consumers', r.consumingMs),
      row('first media packet', r.joinToFirstMediaMs),
      row('first video packet', r.joinToFirstVideoMs),
    ],
  );
  const errors = Object.entries(r.errors)
    .map(([e, n]) => `${n}× ${e}`)
    .join(', ');
  return `${table}\n\nendpoints ${r.endpoints}: ${r.succeeded} received media, ${r.failed} failed${errors ? ` (${errors})` : ''}; load per worker ${r.receiversPerWorker.join('/')}; server CPU ${Math.round(r.serverCpu)} %`;
}

async function main(): Promise<void> {
  let options: JoinOptions;
  try {
    options = parseJoinArgs(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 2;
    return;
  }
  const startedAt = new Date();
  console.log(
    `join: ${options.endpoints} endpoints over ${options.windowMs} ms, ${options.perPage} per Chromium page, ${options.workers} workers, ${os.cpus().length} cores`,
  );
  const result = await runJoin({ ...options, log: (line) => console.log(line) });
  console.log(`\n${joinTable(result)}`);
  console.log(`\nresults: ${writeResult('join', startedAt, result)}`);
}

if (import.meta.filename === process.argv[1]) await main();
