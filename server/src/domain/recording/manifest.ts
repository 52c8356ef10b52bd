import type { Recording, RecordingClip, RecordingSummary } from '@diem-cau/shared';
import type { FileStore } from '../../files/fileStore.js';
import { clipName, fileKey } from './recordingFiles.js';
import type { RecordingRow, RunRow, SegmentRow } from './recordingStore.js';
import { Timeline } from './timeline.js';

/**
 * The main track's segments placed on the wall clock, and the runs' gap reasons.
 *
 * Within one run, a segment lasts until the next one (seq + 1) begins. The segment list's end time
 * is its last packet's timestamp, and until every stream has had an RTCP sender report ffmpeg's
 * timestamps of one stream jump when it aligns them to the others' (it takes the first report of
 * any stream as the common origin): the first segment then "ends" seconds before the second
 * begins, though the file holds that media (the archive, which concatenates the files, is longer
 * by just that). Read as an outage, it was a false gap, and the media time came out short, when the
 * host's machine was busy (CI). Real gaps remain: a segment missing (seq skipped), a new run.
 */
export function mainTimeline(runs: readonly RunRow[], segments: readonly SegmentRow[]): Timeline {
  const started = new Map(runs.filter((r) => r.track === 'main').map((r) => [r.run, r.started_ms]));
  const main = segments
    .filter((s) => s.track === 'main' && started.has(s.run))
    .sort((a, b) => a.run - b.run || a.seq - b.seq);
  const placed = main.map((s, i) => {
    const next = main[i + 1];
    const untilNext = next && next.run === s.run && next.seq === s.seq + 1 ? next.start_ms - s.start_ms : 0;
    return {
      run: s.run,
      seq: s.seq,
      wallStart: started.get(s.run)! + s.start_ms,
      durationMs: Math.max(s.duration_ms, untilNext),
    };
  });
  return new Timeline(
    placed,
    runs.filter((r) => r.track === 'main').map((r) => ({ run: r.run, gapReason: r.gap_reason })),
  );
}

/** A side-track run with media, placed on the recording's media time; `run` names its file. */
export type SideClip = Omit<RecordingClip, 'url'> & { run: number };

export function sideClips(timeline: Timeline, runs: readonly RunRow[], segments: readonly SegmentRow[]): SideClip[] {
  const clips: SideClip[] = [];
  for (const run of runs) {
    if (run.track !== 'screen' && run.track !== 'floor') continue;
    const own = segments.filter((s) => s.track === run.track && s.run === run.run);
    if (own.length === 0) continue;
    const first = Math.min(...own.map((s) => s.start_ms));
    clips.push({
      track: run.track,
      atMs: Math.round(timeline.mediaAt(run.started_ms + first)),
      durationMs: own.reduce((sum, s) => sum + s.duration_ms, 0),
      ...(run.label ? { label: run.label } : {}),
      run: run.run,
    });
  }
  return clips.sort((a, b) => a.atMs - b.atMs);
}

export function summaryOf(row: RecordingRow, sessionTitle: string): RecordingSummary {
  return {
    id: row.id,
    sessionId: row.session_id,
    sessionTitle,
    state: row.state,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    durationMs: row.duration_ms,
    sizeBytes: row.size_bytes,
  };
}

/**
 * What the replay page needs. File paths carry the viewer's signed link (`t`), since a <video>
 * sends no Authorization header; a rendition or clip appears once its file exists.
 */
export async function buildManifest(input: {
  row: RecordingRow;
  sessionTitle: string;
  runs: readonly RunRow[];
  segments: readonly SegmentRow[];
  files: FileStore;
  link: string;
}): Promise<Recording> {
  const { row, files, link } = input;
  const url = (name: string) => `/recordings/${row.id}/files/${name}?t=${encodeURIComponent(link)}`;
  const timeline = mainTimeline(input.runs, input.segments);
  const clips: RecordingClip[] = [];
  for (const { run, ...clip } of sideClips(timeline, input.runs, input.segments)) {
    const name = clipName(clip.track, run);
    if (await files.stat(fileKey(row.id, name))) clips.push({ ...clip, url: url(name) });
  }
  return {
    ...summaryOf(row, input.sessionTitle),
    durationMs: Math.max(row.duration_ms, timeline.durationMs),
    renditions: {
      archive: row.archive_key ? url('archive.webm') : null,
      phone: row.phone_key ? url('phone.webm') : null,
    },
    phoneReadyAt: row.phone_ready_at,
    clips,
    gaps: [...timeline.gaps],
    download: {
      state: row.download_state,
      progress: row.download_state === 'done' ? 1 : row.download_progress,
      url: row.download_state === 'done' && row.download_key ? url('download.mkv') : null,
      sizeBytes: row.download_bytes,
    },
  };
}
