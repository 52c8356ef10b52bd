import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * mediasoup reads MEDIASOUP_WORKER_BIN once, when it is loaded. infra/setup.sh exports it, but a
 * developer running `npx vitest` or `tsx` directly would get mediasoup's default path, which does
 * not exist here (the worker is built from source by infra/build-mediasoup-worker.sh). So when the
 * variable is unset, point it at that script's cache. Must be evaluated before 'mediasoup'.
 *
 * MEDIASOUP_SRTP chooses the build as infra/setup.sh does: `openssl` (the default when it is built)
 * is the wrapper beside the worker that loads libsrtp2 built against OpenSSL, `system` the worker
 * with Debian's libsrtp2 (NSS).
 */
// The cache key: mediasoup's version and a hash of infra/mediasoup-worker-patches/ (what
// `infra/build-mediasoup-worker.sh --key` prints; infra/test.sh checks that they agree).
const WORKER_KEY = '3.12.16-a42bd4509f7b';

if (!process.env.MEDIASOUP_WORKER_BIN) {
  const cacheRoot =
    process.env.DIEMCAU_CACHE_DIR ??
    path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'diem-cau');
  const dir = path.join(cacheRoot, 'mediasoup-worker', WORKER_KEY);
  const system = path.join(dir, 'mediasoup-worker');
  const openssl = path.join(dir, 'mediasoup-worker-srtp-openssl');
  const srtp = process.env.MEDIASOUP_SRTP || undefined;
  if (srtp !== undefined && srtp !== 'openssl' && srtp !== 'system')
    throw new Error(`MEDIASOUP_SRTP must be openssl or system, not '${srtp}'`);
  if (srtp === 'openssl' && !existsSync(openssl))
    throw new Error(`MEDIASOUP_SRTP=openssl but ${openssl} is missing; run infra/setup.sh`);
  const chosen = srtp === 'system' || !existsSync(openssl) ? system : openssl;
  if (existsSync(chosen)) process.env.MEDIASOUP_WORKER_BIN = chosen;
}
