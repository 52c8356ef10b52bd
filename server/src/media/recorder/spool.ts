import { readFileSync } from 'node:fs';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { readSegmentList, type SegmentListEntry } from './segmentList.js';

/** A segment ffmpeg has closed: self-contained, ready to move into the file store. */
export interface ClosedSegment {
  /** Absolute path of the .webm in the spool folder. */
  path: string;
  /** 0, 1, 2… within the run. */
  index: number;
  /** Media time from the run's start. */
  startMs: number;
  durationMs: number;
  sizeBytes: number;
}

/** The files of one run in its spool folder. */
export function spoolFiles(spoolDir: string): { sdp: string; list: string; pid: string } {
  return {
    sdp: path.join(spoolDir, 'stream.sdp'),
    list: path.join(spoolDir, 'segments.csv'),
    pid: path.join(spoolDir, 'ffmpeg.pid'),
  };
}

export async function writePidFile(spoolDir: string, pid: number): Promise<void> {
  await writeFile(spoolFiles(spoolDir).pid, `${pid}\n`);
}

export async function removePidFile(spoolDir: string): Promise<void> {
  await rm(spoolFiles(spoolDir).pid, { force: true });
}

/**
 * A listed segment as a ClosedSegment, or undefined when its file is gone (already registered and
 * moved away) or it holds no media (ffmpeg lists an empty segment when a run ends before any packet).
 */
export async function closedSegmentOf(spoolDir: string, entry: SegmentListEntry): Promise<ClosedSegment | undefined> {
  const file = path.join(spoolDir, entry.file);
  const info = await stat(file).catch(() => undefined);
  if (!info) return undefined;
  if (entry.endMs <= entry.startMs) {
    await rm(file, { force: true });
    return undefined;
  }
  return {
    path: file,
    index: entry.index,
    startMs: entry.startMs,
    durationMs: entry.endMs - entry.startMs,
    sizeBytes: info.size,
  };
}

/** Whether `pid` is a live (not zombie) process whose command line names this spool folder. */
function isOurRecorder(pid: number, spoolDir: string): boolean {
  try {
    const state = /\)\s+(\S)/.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1];
    if (state === 'Z' || state === 'X') return false;
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return cmdline.includes(spoolFiles(spoolDir).sdp);
  } catch {
    return false;
  }
}

/** Ends an orphan ffmpeg: SIGTERM first (it closes its open segment), SIGKILL if it lingers. */
async function endOrphan(pid: number, spoolDir: string): Promise<void> {
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(pid, s);
    } catch {
      // Already gone.
    }
  };
  signal('SIGTERM');
  for (let waited = 0; waited < 5000 && isOurRecorder(pid, spoolDir); waited += 100) await delay(100);
  if (isOurRecorder(pid, spoolDir)) signal('SIGKILL');
  for (let waited = 0; waited < 2000 && isOurRecorder(pid, spoolDir); waited += 100) await delay(100);
}

/**
 * After a crash: ends the run's orphan ffmpeg if it still runs (pid file), then returns the
 * segments it closed that are still in the spool folder, i.e. that nobody registered and moved
 * away. The segment ffmpeg was writing when it was killed outright is not listed and not returned.
 */
export async function recoverSpool(spoolDir: string): Promise<ClosedSegment[]> {
  const files = spoolFiles(spoolDir);
  const pid = Number((await readFile(files.pid, 'utf8').catch(() => '')).trim());
  if (Number.isInteger(pid) && pid > 0 && isOurRecorder(pid, spoolDir)) await endOrphan(pid, spoolDir);
  await removePidFile(spoolDir);
  const segments: ClosedSegment[] = [];
  for (const entry of await readSegmentList(files.list)) {
    const segment = await closedSegmentOf(spoolDir, entry);
    if (segment) segments.push(segment);
  }
  return segments.sort((a, b) => a.index - b.index);
}
