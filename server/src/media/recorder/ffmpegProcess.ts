import { spawn, type ChildProcess } from 'node:child_process';
import { SEGMENT_PATTERN } from './segmentList.js';

export interface FfmpegRunOptions {
  ffmpegPath: string;
  spoolDir: string;
  sdpPath: string;
  listPath: string;
  listenIp: string;
  segmentSeconds: number;
  /** ffmpeg ends by itself when no packet has arrived for this long (a dead server leaves no ffmpeg). */
  inputTimeoutSeconds: number;
}

/** How ffmpeg ended, read from its exit and its last error lines. */
export interface FfmpegExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** It wrote nothing more because the disk is full. */
  diskFull: boolean;
  /** Another write error (EIO, quota, permissions). */
  writeError: boolean;
  /** No packet arrived for inputTimeoutSeconds. */
  inputTimedOut: boolean;
  /** The last lines it printed (warnings and errors), for the log. */
  tail: string;
}

/**
 * The receiver's command line: RTP in (SDP on loopback), the packets copied unchanged (VP8/VP9, Opus)
 * into WebM segments of about segmentSeconds, each cut at a keyframe and written with its own
 * header and trailer, so each plays alone. The CSV list gains a line when a segment is closed.
 */
export function ffmpegArgs(o: FfmpegRunOptions): string[] {
  return [
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    'level+warning',
    '-protocol_whitelist',
    'file,udp,rtp',
    '-listen_timeout',
    String(o.inputTimeoutSeconds),
    '-localaddr',
    o.listenIp,
    '-sdp_flags',
    'rtcp_to_source',
    '-buffer_size',
    String(4 * 1024 * 1024),
    '-f',
    'sdp',
    '-i',
    o.sdpPath,
    '-map',
    '0',
    '-c',
    'copy',
    '-f',
    'segment',
    '-segment_format',
    'webm',
    '-segment_time',
    String(o.segmentSeconds),
    // Keyframes are asked for a little before each boundary: accept them as the cut.
    '-segment_time_delta',
    String(Math.min(0.5, o.segmentSeconds / 4)),
    '-reset_timestamps',
    '1',
    '-segment_list',
    o.listPath,
    '-segment_list_type',
    'csv',
    SEGMENT_PATTERN,
  ];
}

const TAIL_BYTES = 8192;

/** A running receiver. `exited` settles once, with how it ended (a failed spawn is an exit too). */
export class FfmpegProcess {
  readonly #child: ChildProcess;
  readonly exited: Promise<FfmpegExit>;
  #tail = '';
  #diskFull = false;
  #writeError = false;
  #timedOut = false;
  #interrupted = false;

  constructor(o: FfmpegRunOptions, onLine: (line: string) => void) {
    this.#child = spawn(o.ffmpegPath, ffmpegArgs(o), { cwd: o.spoolDir, stdio: ['ignore', 'ignore', 'pipe'] });
    this.#child.stderr!.setEncoding('utf8');
    let partial = '';
    this.#child.stderr!.on('data', (chunk: string) => {
      this.#tail = (this.#tail + chunk).slice(-TAIL_BYTES);
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) this.#classify(line, onLine);
    });
    this.exited = new Promise((resolve) => {
      let spawnError: Error | undefined;
      this.#child.once('error', (error) => {
        spawnError = error;
        // A spawn failure emits no 'exit'; 'close' follows either way.
      });
      this.#child.once('close', (code, signal) => {
        if (partial) this.#classify(partial, onLine);
        resolve({
          code: spawnError ? null : code,
          signal,
          diskFull: this.#diskFull,
          writeError: this.#writeError,
          inputTimedOut: this.#timedOut,
          tail: spawnError ? `${spawnError.message}\n${this.#tail}` : this.#tail,
        });
      });
    });
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  get running(): boolean {
    return this.#child.exitCode === null && this.#child.signalCode === null && this.#child.pid !== undefined;
  }

  /**
   * Asks it to finish: it closes the open segment (trailer, list line) and exits. Once only: a
   * second SIGINT makes ffmpeg abort its I/O, and the open segment would lose its trailer.
   */
  interrupt(): void {
    if (this.#interrupted || !this.running) return;
    this.#interrupted = true;
    this.#child.kill('SIGINT');
  }

  kill(): void {
    if (this.running) this.#child.kill('SIGKILL');
  }

  #classify(line: string, onLine: (line: string) => void): void {
    if (!line.trim()) return;
    if (/No space left on device|ENOSPC/i.test(line)) this.#diskFull = true;
    else if (/Disk quota exceeded|Input\/output error|Permission denied|Read-only file system/i.test(line))
      this.#writeError = true;
    if (/Connection timed out/i.test(line)) this.#timedOut = true;
    onLine(line);
  }
}
