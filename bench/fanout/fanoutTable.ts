import { formatTable, type Cell } from '../lib/table.js';
import type { FanoutBuildsResult } from './runBuilds.js';
import type { FanoutStep } from './runFanout.js';

const HEADERS = [
  'build',
  'mode',
  'N',
  'try',
  'consumers',
  'workers',
  'worker CPU %',
  'µs/pkt',
  'CPU %/recv',
  'recv/core',
  'node CPU %',
  'load CPU %',
  'others CPU %',
  'pkt/s out',
  'Mbit/s out',
  'loss %',
  'kernel drops',
  'ingress loss %',
  'held',
];

function row(build: string, s: FanoutStep): Cell[] {
  return [
    build,
    s.mode,
    s.receivers,
    s.attempt,
    s.consumers,
    s.workers,
    s.workerCpu.map((c) => c.toFixed(0)).join('/'),
    s.workerUsPerPacket,
    s.workerCpuPerReceiver.toFixed(3),
    Math.round(s.receiversPerWorkerCore),
    Math.round(s.mainCpu),
    Math.round(s.loadCpu),
    Math.round(s.otherCpu),
    Math.round(s.packetsPerSecond),
    s.megabitsPerSecond,
    (s.loss * 100).toFixed(2),
    s.kernelUdpDrops,
    (s.ingressLoss * 100).toFixed(2),
    s.held ? 'yes' : `no: ${s.reason}`,
  ];
}

/** One table for every build and mode (a `build` column), the per-mode summaries, then the verdict line. */
export function fanoutTable(result: FanoutBuildsResult): string {
  const rows = result.builds.flatMap((b) =>
    (b.result?.modes ?? []).flatMap((m) => m.steps.map((s) => row(b.build, s))),
  );
  const summary: string[] = [];
  for (const b of result.builds) {
    if (!b.result) {
      summary.push(`${b.build}: FAILED (${b.error ?? 'no result'})`);
      continue;
    }
    summary.push(`${b.build}: worker ${b.workerBin}, libsrtp2 ${b.libsrtp2}`);
    for (const m of b.result.modes)
      summary.push(`  ${m.mode}: largest N held = ${m.largestHeld} (${m.stoppedBecause}); placement: ${m.placement}`);
    if (b.result.ratio !== null) summary.push(`  platform / bare = ${b.result.ratio.toFixed(2)}`);
  }
  return `${formatTable(HEADERS, rows)}\n\n${summary.join('\n')}\n\n${result.verdict.line}`;
}
