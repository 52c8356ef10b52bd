import { readFile } from 'node:fs/promises';

/** One line of ffmpeg's CSV segment list: a segment the muxer has closed (header and trailer written). */
export interface SegmentListEntry {
  file: string;
  index: number;
  /** Media time of its first and last packet, from the run's start, in ms. */
  startMs: number;
  endMs: number;
}

export const SEGMENT_PATTERN = 'seg-%05d.webm';
const SEGMENT_NAME = /^seg-(\d{5,})\.webm$/;

/** The index in a segment's file name (seg-00042.webm → 42), or undefined for any other name. */
export function segmentIndexOf(file: string): number | undefined {
  const m = SEGMENT_NAME.exec(file);
  return m ? Number(m[1]) : undefined;
}

/**
 * Parses the complete lines of the list (`name,start,end` with seconds as decimals). A line still
 * being written (no newline yet) and lines that are not ours are skipped.
 */
export function parseSegmentList(text: string): SegmentListEntry[] {
  const complete = text.slice(0, text.lastIndexOf('\n') + 1);
  const entries: SegmentListEntry[] = [];
  for (const line of complete.split('\n')) {
    const [file, start, end] = line.trim().split(',');
    const index = file === undefined ? undefined : segmentIndexOf(file);
    const startS = Number(start);
    const endS = Number(end);
    if (index === undefined || !Number.isFinite(startS) || !Number.isFinite(endS) || endS < startS) continue;
    entries.push({ file: file!, index, startMs: Math.round(startS * 1000), endMs: Math.round(endS * 1000) });
  }
  return entries;
}

/** The list's entries; none when ffmpeg has not closed a segment yet (no file). */
export async function readSegmentList(listPath: string): Promise<SegmentListEntry[]> {
  try {
    return parseSegmentList(await readFile(listPath, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
