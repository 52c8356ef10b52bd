import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../../server/src/config/config.js';

/** Bytes of every file under `dir` whose name passes `keep` (0 when it does not exist). */
export function folderBytes(dir: string, keep: (name: string) => boolean = () => true): number {
  let total = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) total += folderBytes(full, keep);
    else if (e.isFile() && keep(e.name)) total += statSync(full, { throwIfNoEntry: false })?.size ?? 0;
  }
  return total;
}

/** Where one recording's bytes are on this node: its spool folder and its folder in the file store. */
export function recordingFolders(config: Config, recordingId: string) {
  const stored = path.join(config.files.dir, 'recordings', recordingId);
  return {
    spool: path.join(config.recording.spoolDir, recordingId),
    segments: (track: 'main' | 'phone') => path.join(stored, 'seg', track),
    rendition: (name: 'phone' | 'archive') => path.join(stored, `${name}.webm`),
  };
}

const isSegment = (name: string) => name.endsWith('.webm');

/** Segment bytes written so far per track: stored segments plus what the recorders are writing in the spool. */
export function segmentBytes(config: Config, recordingId: string): { main: number; phone: number } {
  const f = recordingFolders(config, recordingId);
  const spooled = (track: string) =>
    readdirSafe(f.spool)
      .filter((name) => name.startsWith(`${track}-`))
      .reduce((sum, name) => sum + folderBytes(path.join(f.spool, name), isSegment), 0);
  return {
    main: folderBytes(f.segments('main'), isSegment) + spooled('main'),
    phone: folderBytes(f.segments('phone'), isSegment) + spooled('phone'),
  };
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/**
 * Process ids of this recording's running ffmpeg recorders, from the pid files TrackRecorder keeps
 * in each run's spool folder (cheaper and more specific than scanning /proc for children).
 */
export function recorderPids(config: Config, recordingId: string): number[] {
  const spool = recordingFolders(config, recordingId).spool;
  const pids: number[] = [];
  for (const run of readdirSafe(spool)) {
    try {
      const pid = Number(readFileSync(path.join(spool, run, 'ffmpeg.pid'), 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0) pids.push(pid);
    } catch {
      // No pid file: that run's recorder is not running.
    }
  }
  return pids;
}
