import { AppError } from './AppError.js';

/** Which dependency a failure came from, when it is one a client can only wait out: the store, or Redis (a service over the network). */
export type Outage = 'store' | 'service';

// SQLite: another connection holds the write lock past the 5 s wait (store/sqliteDialect.ts), or the disk fails or is full.
const STORE_CODES = /^SQLITE_(BUSY|LOCKED|IOERR|FULL)/;
// PostgreSQL (SQLSTATE): connection lost, server shutting down or starting, a lock not granted within
// lock_timeout, a serialization failure or deadlock, out of connections, memory or disk, an I/O error,
// or a standby that cannot write (mid-failover).
const POSTGRES_CODES = /^(08[0-9A-Z]{3}|57P0[123]|55P03|40001|40P01|53[0-3]00|58030|25006)$/;
// pg and pg-pool while the server is unreachable or the pool cannot hand out a connection in time.
const POSTGRES_MESSAGES = /^Connection terminated|timeout exceeded when trying to connect|is not queryable/i;
const DISK_FULL_CODES = new Set(['SQLITE_FULL', '53100']);
// Node's socket errors, as ioredis reports a Redis it cannot reach.
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
// ioredis while disconnected (no offline queue, retries used up, connection closed, no reply in time).
const REDIS_MESSAGES = /Stream isn't writeable|Connection is closed|Command timed out|max retries per request/i;
// Redis replies of a server that is starting (AOF loading) or cannot take writes right now.
const REDIS_REPLIES = /^(LOADING|BUSY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN|MISCONF|READONLY)\b/;

/** The dependency behind `error` if it is an outage (store locked or failing, Redis unreachable), else undefined. */
export function outageOf(error: unknown): Outage | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (STORE_CODES.test(code) || POSTGRES_CODES.test(code))) return 'store';
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return 'service';
  if (POSTGRES_MESSAGES.test(error.message)) return 'store';
  if (error.name === 'MaxRetriesPerRequestError' || REDIS_MESSAGES.test(error.message)) return 'service';
  if (error.name === 'ReplyError' && REDIS_REPLIES.test(error.message)) return 'service';
  return undefined;
}

/**
 * The coded answer for an outage: UNAVAILABLE with a short wait, never the driver's text (paths,
 * addresses). Undefined for anything else, which stays a bug answered as INTERNAL. Used where errors
 * become answers (http/errorHandler.ts, signaling/bindHandlers.ts), so no service needs to catch them.
 */
export function unavailableFor(error: unknown): AppError | undefined {
  const outage = outageOf(error);
  if (!outage) return undefined;
  // A full disk is not waited out: it says so (the same code as an upload refused for the disk's reserve).
  if (DISK_FULL_CODES.has((error as { code?: unknown }).code as string))
    return new AppError('STORAGE_FULL', 'The server is out of disk space; try again once space is freed', {
      cause: error,
    });
  const message =
    outage === 'store'
      ? 'The data store is busy or failing; try again in a moment'
      : 'A server component is unreachable; try again in a moment';
  return new AppError('UNAVAILABLE', message, { cause: error, retryAfterSeconds: 2 });
}
