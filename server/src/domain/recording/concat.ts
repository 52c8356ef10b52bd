import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FileStore, StoredFile } from '../../files/fileStore.js';

/** Runs ffmpeg to the end; rejects with its last lines of output on failure. */
export function runFfmpeg(args: string[], onProgress?: (outMs: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('ffmpeg', ['-hide_banner', '-nostdin', '-loglevel', 'error', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-2000)));
    // `-progress pipe:1` writes key=value lines; out_time_us is how far the output is.
    child.stdout.on('data', (chunk: Buffer) => {
      for (const m of chunk.toString().matchAll(/out_time_us=(\d+)/g)) onProgress?.(Number(m[1]) / 1000);
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`ffmpeg exited ${code}: ${errors.trim()}`)),
    );
  });
}

/** A folder for one job's files, removed whatever happens. */
export async function withWorkDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'diem-cau-recording-'));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Copies stored files into `dir` (ffmpeg reads local files), in order; their local paths. */
export async function fetchAll(files: FileStore, keys: readonly string[], dir: string): Promise<string[]> {
  const paths: string[] = [];
  for (const [i, key] of keys.entries()) {
    const local = path.join(dir, `in-${String(i).padStart(6, '0')}.webm`);
    await pipeline(await files.get(key), createWriteStream(local));
    paths.push(local);
  }
  return paths;
}

/**
 * Self-contained WebM segments joined into one seekable WebM without a transcode (ffmpeg's concat
 * demuxer, stream copy): minutes of media take seconds. Timestamps are laid end to end, as media
 * time is (manifest.ts). The result is written to `key` in the file store.
 */
export async function concatToStore(
  files: FileStore,
  segmentKeys: readonly string[],
  key: string,
  dir: string,
): Promise<StoredFile> {
  const inputs = await fetchAll(files, segmentKeys, dir);
  const list = path.join(dir, `${path.basename(key)}.txt`);
  await writeFile(list, inputs.map((p) => `file '${p}'`).join('\n') + '\n');
  const out = path.join(dir, path.basename(key));
  await runFfmpeg(['-f', 'concat', '-safe', '0', '-i', list, '-map', '0', '-c', 'copy', '-y', out]);
  const size = (await stat(out)).size;
  return files.put(key, createReadStream(out), { expectedBytes: size });
}
