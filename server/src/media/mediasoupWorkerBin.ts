import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * mediasoup reads MEDIASOUP_WORKER_BIN once, when it is loaded. infra/setup.sh exports it, but a
 * developer running `npx vitest` or `tsx` directly would get mediasoup's default path, which does
 * not exist here (the worker is built from source by infra/build-mediasoup-worker.sh). So when the
 * variable is unset, point it at that script's cache. Must be evaluated before 'mediasoup'.
 */
const MEDIASOUP_VERSION = '3.12.16';

if (!process.env.MEDIASOUP_WORKER_BIN) {
  const cacheRoot =
    process.env.DIEMCAU_CACHE_DIR ??
    path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'diem-cau');
  const cached = path.join(cacheRoot, 'mediasoup-worker', MEDIASOUP_VERSION, 'mediasoup-worker');
  if (existsSync(cached)) process.env.MEDIASOUP_WORKER_BIN = cached;
}
