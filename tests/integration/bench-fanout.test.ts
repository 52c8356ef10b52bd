import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fanoutTable } from '../../bench/fanout/fanoutTable.js';
import { runFanoutBuilds } from '../../bench/fanout/runBuilds.js';
import { writeResult, type ResultFile } from '../../bench/lib/results.js';

/**
 * Smoke test of `npm run bench:fanout`: tiny N, both SRTP builds (each in its own process), both
 * modes; checks consistency, never speed.
 */
describe('bench: fan-out', () => {
  it(
    'forwards the synthetic host to SRTP receivers on both worker builds in both modes and reports consistent counts',
    { timeout: 300_000 },
    async () => {
      const all = await runFanoutBuilds({
        builds: ['openssl', 'system'],
        modes: ['bare', 'platform'],
        steps: [5, 10],
        workers: 2,
        videoBitrate: 300_000,
        loadProcesses: 1,
        settleMs: 500,
        measureMs: 1000,
        // Never fail a step on speed: the smoke test checks the counts, not the machine.
        lossLimit: 1,
        cpuLimit: 1000,
        retries: 0,
        contentionLimit: 1e9,
        maxMsPerMode: 60_000,
        verifyWithConsumerStats: true,
      });
      expect(all.builds.map((b) => [b.build, b.error])).toEqual([
        ['openssl', undefined],
        ['system', undefined],
      ]);
      // Each build ran its own binary and libsrtp2 (NSS only in Debian's).
      const [openssl, system] = all.builds;
      expect(openssl!.workerBin).not.toBe(system!.workerBin);
      expect(openssl!.libsrtp2).not.toBe(system!.libsrtp2);
      expect([openssl!.nss, system!.nss]).toEqual([false, true]);
      for (const build of all.builds) {
        const result = build.result!;
        expect(result.modes.map((m) => m.mode)).toEqual(['bare', 'platform']);
        for (const mode of result.modes) {
          expect(mode.steps.map((s) => s.receivers)).toEqual([5, 10]);
          for (const step of mode.steps) {
            expect(step.workerUsPerPacket).toBeGreaterThan(0);
            expect(Number.isFinite(step.workerUsPerPacket)).toBe(true);
            expect(Number.isFinite(step.receiversPerWorkerCore)).toBe(true);
            expect(step.workerCpuPerReceiver * step.receivers).toBeCloseTo(step.workerCpuTotal, 6);
            expect(step.consumers).toBe(step.receivers * 2);
            expect(step.workers).toBe(2);
            expect(step.receiversPerWorker.reduce((a, b) => a + b, 0)).toBe(step.receivers);
            expect(step.workerCpu).toHaveLength(2);
            expect(step.loss).toBeGreaterThanOrEqual(0);
            expect(step.loss).toBeLessThanOrEqual(1);
          }
          const c = mode.consistency;
          expect(c.receivedTotal).toBeGreaterThan(0);
          // What the receivers counted never exceeds what the worker sent them, nor what the source sent × N.
          expect(c.workerSentTotal).not.toBeNull();
          expect(c.receivedTotal).toBeLessThanOrEqual(c.workerSentTotal!);
          expect(c.workerSentTotal!).toBeLessThanOrEqual(c.sourceBound);
          const sourceSent = c.sourceSent.audio + c.sourceSent.video.reduce((a, b) => a + b, 0);
          expect(c.producerReceived).toBeLessThanOrEqual(sourceSent);
        }
        expect(result.ratio).not.toBeNull();
      }
      // A verdict for each build, on the printed table's last line and in the result file.
      expect(all.verdict.builds.map((v) => v.build)).toEqual(['openssl', 'system']);
      expect(all.verdict.line).toMatch(/^verdict .*: (MET|NOT MET) — openssl: .* \| system: /);
      expect(fanoutTable(all).split('\n').at(-1)).toBe(all.verdict.line);

      const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-results-'));
      try {
        const file = writeResult('fanout', new Date(), all, dir);
        const stored = JSON.parse(readFileSync(file, 'utf8')) as ResultFile<typeof all>;
        expect(stored.machine.cpus).toBe(os.cpus().length);
        expect(stored.machine.versions.mediasoup).toBe('3.12.16');
        expect(stored.machine.versions.node).toBe(process.version);
        expect(stored.result.builds[1]!.result!.modes[0]!.consistency.receivedTotal).toBe(
          all.builds[1]!.result!.modes[0]!.consistency.receivedTotal,
        );
        expect(stored.result.verdict).toEqual(all.verdict);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
