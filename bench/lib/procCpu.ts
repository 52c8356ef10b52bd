import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's times (CLK_TCK; 100 on Linux). */
const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

export interface ProcStat {
  pid: number;
  comm: string;
  ppid: number;
  /** utime + stime of every thread, in clock ticks. */
  ticks: number;
}

/** One process's /proc/<pid>/stat, or undefined when it is gone (or not Linux). */
export function readProcStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm may hold spaces and parentheses: the fields after it start at the last ')'.
    const close = text.lastIndexOf(')');
    const comm = text.slice(text.indexOf('(') + 1, close);
    const f = text
      .slice(close + 2)
      .trim()
      .split(/\s+/);
    // After comm: state(0) ppid(1) … utime(11) stime(12).
    return { pid, comm, ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) };
  } catch {
    return undefined;
  }
}

/** Live child processes of `ppid` whose command name is `comm`. */
export function childPids(ppid: number, comm: string): number[] {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readProcStat(Number(name));
    if (stat && stat.ppid === ppid && stat.comm === comm) pids.push(stat.pid);
  }
  return pids;
}

/**
 * CPU of groups of processes from /proc/<pid>/stat, read at each `sample()`: a group's share is the
 * ticks its processes used between readings, so processes that start or end within a window count
 * from their first reading to their last. `take()` gives each group's % of one core since the
 * previous `take()` and starts a new window.
 */
export class ProcessCpu<G extends string> {
  readonly #groups: () => Record<G, readonly number[]>;
  readonly #last = new Map<number, number>();
  #used = new Map<G, number>();
  #windowStart = performance.now();

  constructor(groups: () => Record<G, readonly number[]>) {
    this.#groups = groups;
  }

  sample(): void {
    for (const [group, pids] of Object.entries(this.#groups()) as [G, readonly number[]][]) {
      for (const pid of pids) {
        const stat = readProcStat(pid);
        if (!stat) continue;
        const before = this.#last.get(pid);
        if (before !== undefined) this.#used.set(group, (this.#used.get(group) ?? 0) + stat.ticks - before);
        this.#last.set(pid, stat.ticks);
      }
    }
  }

  take(): Record<G, number> {
    this.sample();
    const elapsedS = (performance.now() - this.#windowStart) / 1000;
    const out = {} as Record<G, number>;
    for (const group of Object.keys(this.#groups()) as G[])
      out[group] = elapsedS > 0 ? ((this.#used.get(group) ?? 0) / TICKS_PER_SECOND / elapsedS) * 100 : 0;
    this.#used = new Map();
    this.#windowStart = performance.now();
    return out;
  }
}

/** Resident memory of a process from /proc/<pid>/status (VmRSS), bytes; 0 when it is gone. */
export function readRssBytes(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}
