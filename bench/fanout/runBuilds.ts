import path from 'node:path';
import { LoadChild } from '../lib/childProcess.js';
import type { BuildReply, BuildRequest } from './buildProtocol.js';
import type { FanoutOptions, FanoutResult } from './runFanout.js';
import { buildEnv, type SrtpBuild } from './srtpBuilds.js';
import { fanoutVerdict, type FanoutVerdict } from './verdict.js';

const CHILD = path.join(import.meta.dirname, 'buildProcess.ts');
/** Beyond the modes' own time limits: workers, platform start, receivers created at the last step. */
const SLACK_MS_PER_MODE = 300_000;

export interface BuildsOptions extends FanoutOptions {
  /** The worker builds to measure, one after the other, in this order. */
  builds: SrtpBuild[];
}

export interface BuildResult {
  build: SrtpBuild;
  workerBin: string | null;
  libsrtp2: string | null;
  nss: boolean | null;
  /** null when the build's process failed (see `error`). */
  result: FanoutResult | null;
  error?: string;
}

export interface FanoutBuildsResult {
  options: Omit<BuildsOptions, 'log'>;
  builds: BuildResult[];
  verdict: FanoutVerdict;
}

/**
 * Runs the fan-out once per SRTP build, each in its own process (mediasoup reads the worker path once
 * per process) and never two at once (they would share the cores). A build that fails is recorded
 * with its error and the next one still runs.
 */
export async function runFanoutBuilds(o: BuildsOptions): Promise<FanoutBuildsResult> {
  const log = o.log ?? (() => undefined);
  const { log: _log, ...options } = o;
  const { builds: _builds, ...fanout } = options;
  const builds: BuildResult[] = [];
  for (const build of o.builds) {
    log(`--- ${build} build ---`);
    const child = new LoadChild<BuildRequest, BuildReply>(CHILD, [], buildEnv(build));
    try {
      const timeoutMs = o.modes.length * (o.maxMsPerMode + SLACK_MS_PER_MODE);
      const reply = await child.request({ build, options: fanout }, timeoutMs);
      builds.push(reply);
      log(`${build}: worker ${reply.workerBin}, libsrtp2 ${reply.libsrtp2}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log(`${build}: FAILED (${message})`);
      builds.push({ build, workerBin: null, libsrtp2: null, nss: null, result: null, error: message });
    } finally {
      await child.stop(10_000);
    }
  }
  return { options, builds, verdict: fanoutVerdict(builds) };
}
