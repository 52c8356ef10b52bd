import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What ffprobe reports of a media file: its streams' kinds and codecs (with a video's size), and its duration. */
export interface Probe {
  streams: { kind: string; codec: string; width?: number; height?: number }[];
  durationMs: number;
}

export async function ffprobe(file: string): Promise<Probe> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', file]);
  const out = JSON.parse(stdout) as {
    streams: { codec_type: string; codec_name: string; width?: number; height?: number }[];
    format: { duration?: string };
  };
  return {
    streams: out.streams.map((s) => ({
      kind: s.codec_type,
      codec: s.codec_name,
      ...(s.width === undefined ? {} : { width: s.width, height: s.height }),
    })),
    durationMs: Math.round(Number(out.format.duration ?? 0) * 1000),
  };
}

/** Whether ffmpeg decodes the first frames of the file's video without an error, and the first error if not. */
export async function decodesVideo(file: string, frames = 50): Promise<{ ok: boolean; firstError: string | null }> {
  try {
    const { stderr } = await run('ffmpeg', [
      '-nostdin',
      '-v',
      'error',
      '-i',
      file,
      '-map',
      '0:v:0',
      '-frames:v',
      String(frames),
      '-f',
      'null',
      '-',
    ]);
    const first = stderr.trim().split('\n')[0] ?? '';
    return { ok: first === '', firstError: first || null };
  } catch (error) {
    const text = (error as { stderr?: string }).stderr ?? (error as Error).message;
    return { ok: false, firstError: text.trim().split('\n')[0] ?? 'ffmpeg failed' };
  }
}
