import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { machineInfo, type MachineInfo } from './machine.js';

export const RESULTS_DIR = path.resolve(import.meta.dirname, '../results');

export interface ResultFile<T> {
  bench: string;
  startedAt: string;
  finishedAt: string;
  command: string;
  machine: MachineInfo;
  result: T;
}

/** Writes one run as JSON under bench/results/ (git-ignored); returns the file's path. */
export function writeResult<T>(bench: string, startedAt: Date, result: T, dir = RESULTS_DIR): string {
  mkdirSync(dir, { recursive: true });
  const file: ResultFile<T> = {
    bench,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    command: process.argv
      .slice(1)
      .map((a) => path.relative(process.cwd(), a) || a)
      .join(' '),
    machine: machineInfo(),
    result,
  };
  const name = `${bench}-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`;
  const target = path.join(dir, name);
  writeFileSync(target, `${JSON.stringify(file, null, 2)}\n`);
  return target;
}
