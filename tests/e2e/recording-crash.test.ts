import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Recording, RecordingSummary } from '@diem-cau/shared';
import { readSegmentList } from '@diem-cau/server/src/media/recorder/segmentList.js';
import { FAKE_MEDIA_ARGS, launchChromium } from '../support/browser.js';
import { createBroadcastFixture, type BroadcastFixture } from '../support/broadcastFixture.js';
import { hostGoesLive, newPage } from '../support/broadcastPages.js';
import { api } from '../support/http.js';
import { fetchRecordingFile, ffprobe, readyRecording, type Probe } from '../support/recordingProbe.js';
import { restartableEnv, spawnServer, startAppOn, type ServerProcess } from '../support/restartableApp.js';
import { openTestStore } from '../support/testStore.js';

const run = promisify(execFile);

/** RECORDING_SEGMENT_SECONDS as shipped: what a crash may lose at most, per track. */
const SEGMENT_MS = 4_000;
const LIVE_BEFORE_KILL_MS = 10_000;
const LIVE_AFTER_RESTART_MS = 8_000;
/** The host's page needs this long at most to find the restarted server and publish again, by itself. */
const HOST_BACK_MS = 40_000;

/** A segment file plays: ffprobe sees its streams and ffmpeg decodes all of it without an error. */
async function playable(file: string): Promise<Probe> {
  const probe = await ffprobe(file);
  await run('ffmpeg', ['-v', 'error', '-xerror', '-i', file, '-f', 'null', '-']);
  return probe;
}

/**
 * The issue's crash case: the server process is SIGKILLed mid-recording. What it had recorded
 * plays; restarted on the same data and port, the host's page comes back by itself and the same
 * recording continues after an outage gap; the archive misses no more than the outage and a segment.
 */
describe('the server SIGKILLed mid-recording, then restarted on the same data', () => {
  const dataDir = mkdtempSync(path.join(process.env.DIEMCAU_TEST_TMP ?? os.tmpdir(), 'rec-crash-'));
  // The shipped media settings: one mediasoup worker per core, WebRTC on every address (as npm start).
  const env = restartableEnv(dataDir, `test-${randomUUID().slice(0, 8)}`);
  delete env.MEDIASOUP_WORKERS;
  const servers: ServerProcess[] = [];
  let fx: BroadcastFixture;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let host: Page;
  let wentLive = 0;
  let killedAt = 0;
  let backAt = 0;
  let recordingId = '';
  let recording: Recording;
  let liveMs = 0;
  let readyMs = 0;
  let storedBeforeKillMs = 0;

  const recordings = async (server: ServerProcess) => {
    const list = await api<RecordingSummary[]>(
      server.url,
      'GET',
      `/api/sessions/${fx.sessionId}/recordings`,
      fx.hostToken,
    );
    expect(list.status).toBe(200);
    return list.body;
  };

  beforeAll(async () => {
    // The session and its host account, prepared on the same data folder in-process, then closed.
    const setup = await startAppOn(env);
    fx = await createBroadcastFixture(setup, 1);
    await fx.start();
    await setup.close();
    browser = await launchChromium([...FAKE_MEDIA_ARGS, '--autoplay-policy=no-user-gesture-required']);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    for (const server of servers) await server.crash();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('records the host live, and what was recorded before the kill plays', async () => {
    const first = await spawnServer(env);
    servers.push(first);
    host = await newPage(browser, contexts);
    await hostGoesLive(host, first.url, fx);
    wentLive = Date.now();
    await expect
      .poll(async () => (await recordings(first))[0]?.durationMs ?? 0, { timeout: 15_000 })
      .toBeGreaterThan(0);
    recordingId = (await recordings(first))[0]!.id;
    await host.waitForTimeout(Math.max(0, wentLive + LIVE_BEFORE_KILL_MS - Date.now()));

    await first.crash();
    killedAt = Date.now();
    const beforeKillMs = killedAt - wentLive;

    // Stored before the kill: the segments the store has rows for, moved into the file store.
    const reader = openTestStore(dataDir);
    const stored = await reader
      .selectFrom('recording_segments')
      .selectAll()
      .where('recording_id', '=', recordingId)
      .where('track', '=', 'main')
      .orderBy('run')
      .orderBy('seq')
      .execute()
      .finally(() => reader.destroy());
    expect(stored.length).toBeGreaterThan(0);
    let storedMs = 0;
    for (const segment of stored) {
      const probe = await playable(path.join(dataDir, 'files', ...segment.storage_key.split('/')));
      expect(probe.streams.map((s) => s.kind).sort()).toEqual(['audio', 'video']);
      expect(Math.abs(probe.durationMs - segment.duration_ms)).toBeLessThan(500);
      storedMs += segment.duration_ms;
    }
    // Closed but not yet moved when the process died: still in the spool, the restart stores them.
    let spooledMs = 0;
    let spooled = 0;
    const spool = path.join(dataDir, 'recording-spool', recordingId);
    for (const runDir of (await readdir(spool).catch(() => [] as string[])).filter((n) => n.startsWith('main-'))) {
      for (const entry of await readSegmentList(path.join(spool, runDir, 'segments.csv'))) {
        const file = path.join(spool, runDir, entry.file);
        const probe = await playable(file).catch(() => undefined);
        if (!probe) continue; // moved into the file store meanwhile (already counted) or empty
        expect(probe.streams.map((s) => s.kind).sort()).toEqual(['audio', 'video']);
        spooledMs += entry.endMs - entry.startMs;
        spooled++;
      }
    }
    console.info(
      `recording crash: killed ${beforeKillMs} ms after going live; ${stored.length} segments stored (${storedMs} ms), ` +
        `${spooled} more closed in the spool (${spooledMs} ms)`,
    );
    storedBeforeKillMs = storedMs;
    // What was recorded before the kill is the time before it, less at most the segment being written
    // (and the second the recorder takes to start after the host goes live).
    expect(storedMs + spooledMs).toBeGreaterThanOrEqual(beforeKillMs - SEGMENT_MS - 1_000);
    expect(storedMs + spooledMs).toBeLessThanOrEqual(beforeKillMs + 500);
  }, 60_000);

  it('restarted on the same data and port: the host page comes back by itself and the same recording continues', async () => {
    // The port the host's page reconnects to: nobody reloads it or clicks anything.
    const second = await spawnServer(env, { port: servers[0]!.port });
    servers.push(second);
    await expect
      .poll(() => host.getByTestId('host-status').getAttribute('data-status'), { timeout: HOST_BACK_MS, interval: 250 })
      .toBe('live');
    backAt = Date.now();
    const before = (await recordings(second))[0]!;
    await expect
      .poll(async () => (await recordings(second))[0]!.durationMs, { timeout: 15_000 })
      .toBeGreaterThan(before.durationMs);
    await host.waitForTimeout(Math.max(0, backAt + LIVE_AFTER_RESTART_MS - Date.now()));
    await host.getByTestId('end-session').click();
    await expect
      .poll(() => host.getByTestId('host-console').getAttribute('data-status'), { timeout: 10_000 })
      .toBe('ended');
    const endedAt = Date.now();
    liveMs = endedAt - wentLive;

    recording = await readyRecording(second.url, fx.hostToken, fx.sessionId);
    readyMs = Date.now() - endedAt;
    expect(recording.id).toBe(recordingId);
    const list = await recordings(second);
    expect(list.map((r) => r.id)).toEqual([recordingId]);
    const reader = openTestStore(dataDir);
    const [rows, runs] = await Promise.all([
      reader.selectFrom('recordings').select('id').where('session_id', '=', fx.sessionId).execute(),
      reader.selectFrom('recording_runs').selectAll().where('recording_id', '=', recordingId).execute(),
    ]).finally(() => reader.destroy());
    console.info(
      `recording crash: ready ${readyMs} ms after the end; runs ${runs.map((r) => `${r.track}-${r.run} ${r.end_reason}`).join(', ')}`,
    );
    // The dead process's runs were ended as crashed by the restart; none is left open.
    expect(runs.every((r) => r.end_reason !== null)).toBe(true);
    expect(
      runs.filter((r) => r.run === 1 && (r.track === 'main' || r.track === 'phone')).map((r) => r.end_reason),
    ).toEqual(['crashed', 'crashed']);
    const main = runs.filter((r) => r.track === 'main');
    expect(main.map((r) => r.gap_reason)).toEqual([null, 'outage']);
    expect(rows.map((r) => r.id)).toEqual([recordingId]);
    expect(recording.gaps).toHaveLength(1);
    expect(recording.gaps[0]!.reason).toBe('outage');
  }, 90_000);

  it('the archive has audio and video, and misses no more than the outage plus one segment', async () => {
    const dir = mkdtempSync(path.join(process.env.DIEMCAU_TEST_TMP ?? os.tmpdir(), 'rec-crash-files-'));
    try {
      const archive = await ffprobe(
        await fetchRecordingFile(servers[1]!.url, recording.renditions.archive!, dir, 'archive.webm'),
      );
      const outageMs = backAt - killedAt;
      const gap = recording.gaps[0]!;
      console.info(
        `recording crash: live ${liveMs} ms, outage ${outageMs} ms (gap in the manifest ${gap.lengthMs} ms at ${gap.atMs} ms), ` +
          `archive ${archive.durationMs} ms, stored ${recording.durationMs} ms`,
      );
      expect(archive.streams.map((s) => s.kind).sort()).toEqual(['audio', 'video']);
      expect(archive.durationMs).toBeGreaterThanOrEqual(liveMs - outageMs - SEGMENT_MS);
      expect(archive.durationMs).toBeLessThanOrEqual(liveMs + 1_000);
      expect(Math.abs(archive.durationMs - recording.durationMs)).toBeLessThan(1_000);
      // The gap is where the kill was, and no longer than the outage the host saw and a segment.
      expect(gap.lengthMs).toBeLessThanOrEqual(outageMs + SEGMENT_MS);
      expect(gap.atMs).toBeGreaterThanOrEqual(killedAt - wentLive - SEGMENT_MS - 1_000);
      // Nothing stored before the kill is missing from the recording after the restart.
      expect(gap.atMs).toBeGreaterThanOrEqual(storedBeforeKillMs);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
