import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runFanout } from '../../bench/fanout/runFanout.js';
import { writeResult, type ResultFile } from '../../bench/lib/results.js';

/** Smoke test of `npm run bench:fanout`: tiny N, both modes; checks consistency, never speed. */
describe('bench: fan-out', () => {
  it(
    'forwards the synthetic host to SRTP receivers in both modes and reports consistent counts',
    { timeout: 180_000 },
    async () => {
      const result = await runFanout({
        modes: ['bare', 'platform'],
        steps: [3, 6],
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
      expect(result.modes.map((m) => m.mode)).toEqual(['bare', 'platform']);
      for (const mode of result.modes) {
        expect(mode.steps.map((s) => s.receivers)).toEqual([3, 6]);
        for (const step of mode.steps) {
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

      const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-results-'));
      try {
        const file = writeResult('fanout', new Date(), result, dir);
        const stored = JSON.parse(readFileSync(file, 'utf8')) as ResultFile<typeof result>;
        expect(stored.machine.cpus).toBe(os.cpus().length);
        expect(stored.machine.versions.mediasoup).toBe('3.12.16');
        expect(stored.machine.versions.node).toBe(process.version);
        expect(stored.result.modes[0]!.consistency.receivedTotal).toBe(result.modes[0]!.consistency.receivedTotal);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
