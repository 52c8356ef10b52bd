import os from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { ProcessCpu } from '../lib/procCpu.js';
import { machineBusyPercent, readCpuTicks } from '../lib/procStats.js';

/** The processes a window's CPU is read from (ids read again at each sample: recorders come and go). */
export interface WatchedPids {
  server: readonly number[];
  workers: readonly number[];
  ffmpeg: readonly number[];
  source: readonly number[];
}

/** CPU of one window, % of one core (the machine's 2 cores are 200). */
export interface CpuWindow {
  /** The platform's Node process (signalling, store, segment storing, the job's own Node side). */
  server: number;
  /** Its mediasoup workers together. */
  workers: number;
  /** The recorders' ffmpeg processes together. */
  ffmpeg: number;
  /** server + workers + ffmpeg: what one live session costs the node. */
  total: number;
  /** The synthetic host (a load process, not counted in total). */
  source: number;
  /** The whole machine, from /proc/stat. */
  machine: number;
  /** machine − total − source: other tenants of the box (builds, tests, browsers). */
  others: number;
  /** Recorder processes seen in the window. */
  ffmpegProcesses: number;
}

const SAMPLE_MS = 1000;

/** `count` consecutive windows of `windowSeconds`, each process read every second. */
export async function measureCpu(pids: () => WatchedPids, count: number, windowSeconds: number): Promise<CpuWindow[]> {
  const cpu = new ProcessCpu<keyof WatchedPids>(() => pids());
  const cores = os.cpus().length;
  const windows: CpuWindow[] = [];
  cpu.take();
  for (let w = 0; w < count; w++) {
    const ticks0 = readCpuTicks();
    let ffmpegProcesses = 0;
    for (let s = 0; s < windowSeconds; s++) {
      await delay(SAMPLE_MS);
      cpu.sample();
      ffmpegProcesses = Math.max(ffmpegProcesses, pids().ffmpeg.length);
    }
    const used = cpu.take();
    const machine = machineBusyPercent(ticks0, readCpuTicks(), cores);
    const total = used.server + used.workers + used.ffmpeg;
    windows.push({
      ...used,
      total,
      machine,
      others: Math.max(0, machine - total - used.source),
      ffmpegProcesses,
    });
  }
  return windows;
}
