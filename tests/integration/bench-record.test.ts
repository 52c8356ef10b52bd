import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRecordArgs, recordTable } from '../../bench/record/main.js';
import { runRecord } from '../../bench/record/runRecord.js';
import { summarizeRecord } from '../../bench/record/summary.js';
import { writeResult, type ResultFile } from '../../bench/lib/results.js';

/** Smoke test of `npm run bench:record` at a tiny size: every figure is measured and consistent, never fast. */
describe('bench: recording', () => {
  it('refuses bad options', () => {
    expect(parseRecordArgs([]).rounds).toBe(2);
    expect(() => parseRecordArgs(['--on-seconds', '2', '--window-seconds', '5'])).toThrow(/bad --on-seconds/);
    expect(() => parseRecordArgs(['--rounds', '0'])).toThrow(/bad --rounds/);
  });

  it(
    'measures CPU with recording off and on, the bytes written and the time to a phone-ready replay',
    { timeout: 180_000 },
    async () => {
      const run = await runRecord({
        rounds: 1,
        warmupSeconds: 1,
        offSeconds: 2,
        onSeconds: 6,
        windowSeconds: 2,
        workers: 1,
        videoBitrate: 300_000,
        readyTimeoutSeconds: 90,
        pollMs: 100,
      });
      expect(run.phases.map((p) => p.recording)).toEqual([false, true]);
      for (const phase of run.phases) {
        expect(phase.windows.length).toBeGreaterThan(0);
        for (const w of phase.windows) {
          for (const v of [w.server, w.workers, w.ffmpeg, w.total, w.source, w.machine, w.others])
            expect(Number.isFinite(v) && v >= 0).toBe(true);
          expect(w.total).toBeCloseTo(w.server + w.workers + w.ffmpeg, 6);
          // Off: no recorder may run; on: the main and phone tracks' recorders.
          expect(w.ffmpegProcesses).toBe(phase.recording ? 2 : 0);
        }
        expect(phase.recordingId === null).toBe(!phase.recording);
        expect(phase.sourceSent.audio).toBeGreaterThan(0);
      }

      expect(run.sessions).toHaveLength(1);
      const s = run.sessions[0]!;
      for (const track of ['main', 'phone'] as const) {
        const seg = s.segments[track];
        expect(seg.files).toBeGreaterThan(0);
        expect(seg.bytes).toBeGreaterThan(0);
        // The folder holds exactly the segments the store lists.
        expect(seg.bytes).toBe(seg.rowBytes);
        expect(seg.seconds).toBeGreaterThan(0);
      }
      // The phone track records the lowest simulcast layer: fewer bytes than the top layer.
      expect(s.segments.phone.bytes).toBeLessThan(s.segments.main.bytes);
      expect(s.ready.state).toBe('ready');
      expect(s.ready.phoneReadyMs).toBeGreaterThan(0);
      // The job makes the phone rendition first.
      expect(s.ready.archiveReadyMs).toBeGreaterThanOrEqual(s.ready.phoneReadyMs!);
      expect(s.lastSegmentStoredMs).not.toBeNull();
      expect(s.lastSegmentStoredMs!).toBeLessThanOrEqual(s.ready.phoneReadyMs!);
      for (const name of ['phone', 'archive'] as const) {
        const r = s.renditions[name];
        expect(r.bytes).toBeGreaterThan(0);
        expect(r.probe?.durationMs).toBeGreaterThan(0);
        expect(r.probe?.streams.map((x) => x.kind).sort()).toEqual(['audio', 'video']);
      }

      const summary = summarizeRecord(run);
      expect(summary.complete).toBe(true);
      expect(summary.storedMbPerHour.total).toBeGreaterThan(0);
      expect(summary.phoneReadyMs).toBe(s.ready.phoneReadyMs);
      expect(Number.isFinite(summary.cpuCost.total)).toBe(true);
      const text = recordTable(run, summary);
      expect(text).toContain('recording costs (on − off)');
      expect(text).toContain('verdict: recording one live session costs');

      const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-results-'));
      try {
        const file = writeResult('record', new Date(), { ...run, summary }, dir);
        const stored = JSON.parse(readFileSync(file, 'utf8')) as ResultFile<typeof run & { summary: typeof summary }>;
        expect(stored.bench).toBe('record');
        expect(stored.result.sessions[0]!.segments.main.bytes).toBe(s.segments.main.bytes);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
