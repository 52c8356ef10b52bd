import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The two worker builds the project ships (infra/setup.sh): libsrtp2 on OpenSSL, or Debian's on NSS. */
export type SrtpBuild = 'openssl' | 'system';
export const SRTP_BUILDS: readonly SrtpBuild[] = ['openssl', 'system'];

/** The worker file each build resolves to (server/src/media/mediasoupWorkerBin.ts chooses it). */
const BUILD_BIN_NAME: Record<SrtpBuild, string> = {
  openssl: 'mediasoup-worker-srtp-openssl',
  system: 'mediasoup-worker',
};

/**
 * The environment of a child that runs one build. MEDIASOUP_WORKER_BIN is removed and MEDIASOUP_SRTP
 * set, so the project's own resolution (server/src/media/mediasoupWorkerBin.ts, loaded before
 * mediasoup) picks that build's binary in the child: one resolver, not a copy of it here.
 */
export function buildEnv(build: SrtpBuild, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const { MEDIASOUP_WORKER_BIN: _ignored, ...rest } = env;
  return { ...rest, MEDIASOUP_SRTP: build };
}

export interface SrtpLibrary {
  /** The libsrtp2 file the running worker mapped. */
  libsrtp2: string | null;
  /** Whether NSS is mapped: Debian's libsrtp2 brings it in, the OpenSSL build must not. */
  nss: boolean;
}

/** Which libsrtp2 a running worker loaded, from /proc/<pid>/maps (as tests/mediasoup/srtpLibrary.test.ts). */
export function loadedSrtpLibrary(pid: number): SrtpLibrary {
  const maps = readFileSync(`/proc/${pid}/maps`, 'utf8');
  const mapped = new Set(maps.split('\n').flatMap((line) => line.match(/\s(\/\S+)$/)?.[1] ?? []));
  const named = (re: RegExp): string[] => [...mapped].filter((file) => re.test(path.basename(file)));
  return { libsrtp2: named(/^libsrtp2\.so/)[0] ?? null, nss: named(/^libnss3\.so/).length > 0 };
}

/**
 * Throws unless the child really ran `build`: the resolved binary is that build's file and the
 * worker mapped the matching libsrtp2. Without this a missing wrapper would silently measure the
 * same build twice.
 */
export function checkBuild(build: SrtpBuild, workerBin: string | undefined, library: SrtpLibrary): void {
  if (!workerBin) throw new Error(`${build}: MEDIASOUP_WORKER_BIN was not resolved (run infra/setup.sh)`);
  if (path.basename(workerBin) !== BUILD_BIN_NAME[build])
    throw new Error(`${build}: resolved ${workerBin}, expected a file named ${BUILD_BIN_NAME[build]}`);
  if (!library.libsrtp2) throw new Error(`${build}: the worker mapped no libsrtp2`);
  if (library.nss !== (build === 'system'))
    throw new Error(`${build}: the worker ${library.nss ? 'maps' : 'does not map'} NSS (libsrtp2 ${library.libsrtp2})`);
}
