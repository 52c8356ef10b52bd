import { UnrecoverableError, type Job } from 'bullmq';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import type { FileStore } from '../../files/fileStore.js';
import { openFileStore } from '../../files/folderFileStore.js';
import type { JobDeps, RecordingJobData, RecordingJobResult } from '../../jobs/index.js';
import { concatToStore, fetchAll, runFfmpeg, withWorkDir } from './concat.js';
import { mainTimeline, sideClips } from './manifest.js';
import { recordingEvents } from './events.js';
import { clipName, fileKey } from './recordingFiles.js';
import { RecordingStore, type SegmentRow } from './recordingStore.js';

const payloadSchema = z.object({ recordingId: z.string().min(1).max(200), kind: z.enum(['finalize', 'download']) });

const keysOf = (segments: readonly SegmentRow[], track: string, run?: number) =>
  segments.filter((s) => s.track === track && (run === undefined || s.run === run)).map((s) => s.storage_key);

/**
 * Another node may still be storing its recorders' last segments when the job starts: wait until
 * every run has ended, at most a few segments' time (a run of a dead node ends when it restarts and
 * is left out).
 */
async function untilRunsEnded(store: RecordingStore, recordingId: string, segmentSeconds: number): Promise<void> {
  const deadline = Date.now() + Math.max(10_000, 3 * segmentSeconds * 1000);
  while (Date.now() < deadline) {
    if ((await store.runs(recordingId)).every((r) => r.end_reason !== null)) return;
    await delay(250);
  }
}

/**
 * After the session: the phone rendition first (members wait for it), then the archive rendition
 * and one file per screen-share and floor run, all by stream copy of the stored segments. Run again
 * after a crash it writes the same files (puts replace whole) and ends the same way.
 */
async function finalize(deps: JobDeps, files: FileStore, store: RecordingStore, recordingId: string): Promise<void> {
  const row = await store.byId(recordingId);
  if (!row || row.deleted_at !== null) return;
  await store.setState(recordingId, 'processing', { ended_at: row.ended_at ?? new Date().toISOString() });
  await untilRunsEnded(store, recordingId, deps.config.recording.segmentSeconds);
  // A run still open now belongs to a recorder whose node died and did not come back to recover its
  // spool: what it stored is kept, and the run is closed so the recording's state is whole.
  const lost = await store.endOpenRuns(recordingId, 'lost');
  if (lost > 0) deps.log.warn({ recordingId, runs: lost }, 'recording runs left open by a lost node: ended');
  const [runs, segments] = await Promise.all([store.runs(recordingId), store.segments(recordingId)]);
  if (keysOf(segments, 'main').length === 0) {
    // Turned off before anything was recorded: there is no recording, not a failed one.
    if (!(await store.enabled(row.session_id)) && (await store.removeIfEmpty(recordingId))) {
      deps.log.info({ recordingId, sessionId: row.session_id }, 'recording turned off before any media: removed');
      return;
    }
    await store.setState(recordingId, 'failed', { failure: row.failure ?? 'NO_MEDIA' });
    return;
  }
  await withWorkDir(async (dir) => {
    const phoneKeys = keysOf(segments, 'phone');
    const phone = await concatToStore(
      files,
      phoneKeys.length > 0 ? phoneKeys : keysOf(segments, 'main'),
      fileKey(recordingId, 'phone.webm'),
      dir,
    );
    await store.update(recordingId, { phone_key: phone.key, phone_ready_at: new Date().toISOString() });
    const archive = await concatToStore(files, keysOf(segments, 'main'), fileKey(recordingId, 'archive.webm'), dir);
    await store.update(recordingId, { archive_key: archive.key });
    for (const clip of sideClips(mainTimeline(runs, segments), runs, segments)) {
      const keys = keysOf(segments, clip.track, clip.run);
      await concatToStore(files, keys, fileKey(recordingId, clipName(clip.track, clip.run)), dir);
    }
  });
  await store.setState(recordingId, 'ready');
  const done = (await store.byId(recordingId))!;
  await recordingEvents.ready(deps, {
    recordingId,
    sessionId: done.session_id,
    durationMs: done.duration_ms,
    sizeBytes: done.size_bytes,
    endedAt: done.ended_at,
    phoneReadyAt: done.phone_ready_at,
  });
}

/**
 * The one-file download: the archive's camera and microphone with every screen-share run as a
 * further video stream at its place on media time, in one Matroska file, by stream copy.
 */
async function download(
  job: Job<RecordingJobData, RecordingJobResult>,
  files: FileStore,
  store: RecordingStore,
  recordingId: string,
): Promise<void> {
  const row = await store.byId(recordingId);
  if (!row || row.deleted_at !== null || !row.archive_key) throw new UnrecoverableError('no archive to download');
  await store.update(recordingId, { download_state: 'running', download_progress: 0 });
  const [runs, segments] = await Promise.all([store.runs(recordingId), store.segments(recordingId)]);
  const screens = sideClips(mainTimeline(runs, segments), runs, segments).filter((c) => c.track === 'screen');
  await withWorkDir(async (dir) => {
    const [archive, ...clips] = await fetchAll(
      files,
      [row.archive_key!, ...screens.map((c) => fileKey(recordingId, clipName('screen', c.run)))],
      dir,
    );
    const args = ['-i', archive!];
    clips.forEach((clip, i) => args.push('-itsoffset', `${screens[i]!.atMs / 1000}`, '-i', clip));
    args.push('-map', '0');
    clips.forEach((_, i) => args.push('-map', `${i + 1}:v`));
    const out = path.join(dir, 'download.mkv');
    let last = 0;
    await runFfmpeg([...args, '-c', 'copy', '-progress', 'pipe:1', '-y', out], (outMs) => {
      const progress = Math.min(0.99, outMs / Math.max(1, row.duration_ms));
      if (progress - last < 0.05) return;
      last = progress;
      void job.updateProgress(Math.round(progress * 100));
      void store.update(recordingId, { download_progress: progress }).catch(() => undefined);
    });
    const size = (await stat(out)).size;
    const stored = await files.put(fileKey(recordingId, 'download.mkv'), createReadStream(out), {
      expectedBytes: size,
    });
    await store.update(recordingId, {
      download_state: 'done',
      download_progress: 1,
      download_key: stored.key,
      download_bytes: stored.sizeBytes,
    });
  });
}

/** The recordings queue's processor: `finalize` after a session, `download` on a staff request. */
export function createRecordingProcessor(deps: JobDeps) {
  const store = new RecordingStore(deps.db);
  const files = openFileStore(deps.config);
  return async (job: Job<RecordingJobData, RecordingJobResult>): Promise<RecordingJobResult> => {
    const payload = payloadSchema.safeParse(job.data);
    if (!payload.success) throw new UnrecoverableError('malformed recording job payload');
    const { recordingId, kind } = payload.data;
    const log = deps.log.child({ job: job.id, recordingId, kind, attempt: job.attemptsMade + 1 });
    try {
      if (kind === 'finalize') await finalize(deps, files, store, recordingId);
      else await download(job, files, store, recordingId);
      return { recordingId, kind };
    } catch (error) {
      const final = error instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      log.warn({ err: error instanceof Error ? error.message : String(error), final }, 'recording job failed');
      if (final && kind === 'finalize') await store.setState(recordingId, 'failed').catch(() => undefined);
      if (final && kind === 'download') await store.update(recordingId, { download_state: 'failed' }).catch(() => {});
      throw error;
    }
  };
}
