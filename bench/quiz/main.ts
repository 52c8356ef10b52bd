import os from 'node:os';
import { parseArgs } from 'node:util';
import { benchMain } from '../lib/benchMain.js';
import { formatTable } from '../lib/table.js';
import { runQuiz, SOCKETS_PER_PROCESS, type QuizOptions, type QuizResult } from './runQuiz.js';
import { TARGET_NAMES, type TargetName } from './target.js';

const USAGE = `npm run bench:quiz -- [options]
  --target NAME            ${TARGET_NAMES.join(' | ')} (default quiz)
  --steps 1000,5000,…      member counts (default 1000,2000,5000,10000,15000,20000,30000)
  --window-ms MS           answers spread over this window (default 10000)
  --connect-rate N         new connections per second in total (default 1000)
  --nodes N                platform node processes (default: enough for 15,000 sockets each)
  --load-processes N       member load processes (default: enough for 15,000 sockets each, at least 2)
  --ack-timeout-ms MS      an answer without ack by then is a timeout (default 30000)
  --max-seconds S          stop stepping after S seconds (default 600)`;

export function parseQuizArgs(argv: string[]): QuizOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      target: { type: 'string', default: 'quiz' },
      steps: { type: 'string', default: '1000,2000,5000,10000,15000,20000,30000' },
      'window-ms': { type: 'string', default: '10000' },
      'connect-rate': { type: 'string', default: '1000' },
      nodes: { type: 'string', default: '1' },
      'load-processes': { type: 'string', default: '2' },
      'ack-timeout-ms': { type: 'string', default: '30000' },
      'max-seconds': { type: 'string', default: '600' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) throw new Error(USAGE);
  if (!(TARGET_NAMES as readonly string[]).includes(values.target)) throw new Error(`bad --target\n${USAGE}`);
  const steps = values.steps
    .split(',')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0)
    .sort((a, b) => a - b);
  if (steps.length === 0 || steps.at(-1)! > 100_000) throw new Error(`bad --steps\n${USAGE}`);
  const num = (v: string, name: string, min: number, max: number): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(`bad --${name} (${min}…${max})\n${USAGE}`);
    return n;
  };
  const needed = Math.ceil(steps.at(-1)! / SOCKETS_PER_PROCESS);
  return {
    target: values.target as TargetName,
    steps,
    windowMs: num(values['window-ms'], 'window-ms', 100, 120_000),
    connectRate: num(values['connect-rate'], 'connect-rate', 1, 10_000),
    nodes: Math.max(needed, num(values.nodes, 'nodes', 1, 16)),
    loadProcesses: Math.max(needed, num(values['load-processes'], 'load-processes', 1, 16)),
    ackTimeoutMs: num(values['ack-timeout-ms'], 'ack-timeout-ms', 100, 120_000),
    maxRunMs: num(values['max-seconds'], 'max-seconds', 1, 7200) * 1000,
  };
}

export function quizTable(r: QuizResult): string {
  const table = formatTable(
    [
      'members',
      'connected',
      'checked in',
      'sign-in p99 ms',
      'check-in p99 ms',
      'got question',
      'sent',
      'acked',
      'stored',
      'ack p50 ms',
      'p95',
      'p99',
      'max',
      'push p99 ms',
      'server CPU %',
      'load CPU %',
      'ok',
    ],
    r.steps.map((s) => [
      s.members,
      s.connected,
      r.target.name === 'quiz' ? s.arrival.checkedIn : 'n/a',
      s.arrival.signInMs.p99,
      s.arrival.checkinMs.p99,
      s.questionsReceived,
      s.sent,
      s.acked,
      s.stored ?? 'n/a',
      s.ackLatencyMs.median,
      s.ackLatencyMs.p95,
      s.ackLatencyMs.p99,
      s.ackLatencyMs.max,
      s.pushDelayMs.p99,
      Math.round(s.serverCpu),
      Math.round(s.loadCpu),
      s.ok ? 'yes' : `no: ${s.reason}`,
    ]),
  );
  const e = r.enrolment;
  const enrolled = e
    ? `\nenrolled ${e.members} members (CSV import ${e.importSeconds.toFixed(1)} s), PINs ${e.pinSeconds.toFixed(1)} s (${e.pinsPerSecond.toFixed(0)}/s); checked in = this step's new members`
    : '';
  return `${table}${enrolled}\n\ntarget: ${r.target.name} — ${r.target.description}\nnodes: ${r.options.nodes}, load processes: ${r.options.loadProcesses}; largest M ok = ${r.largestOk} (${r.stoppedBecause})`;
}

if (import.meta.filename === process.argv[1])
  await benchMain({
    name: 'quiz',
    parse: parseQuizArgs,
    banner: (o) =>
      `quiz burst: target ${o.target}, steps ${o.steps.join(',')}, window ${o.windowMs} ms, ${os.cpus().length} cores`,
    run: runQuiz,
    table: quizTable,
  });
