import { Router, type RequestHandler } from 'express';
import { API, type HealthErrorCode, type HealthResponse } from '@diem-cau/shared';
import { requireAuth } from '../auth/requireAuth.js';
import type { AppContext } from '../context/types.js';
import type { Logger } from '../logging/logger.js';
import { pingDatabase } from '../store/database.js';
import { presentsOperationsToken, requireOperations } from './operationsAccess.js';
import { route } from './typedRoute.js';

/** A dependency that has not answered by then counts as failed (`timeout`): the check itself must stay quick. */
const CHECK_TIMEOUT_MS = 1500;

class CheckTimeout extends Error {}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'EAI_AGAIN',
]);

/**
 * The short code /healthz shows for a failed check. The error's own text (addresses, file paths,
 * driver messages) is logged on the server and never sent.
 */
export function healthErrorCode(error: unknown): HealthErrorCode {
  if (error instanceof CheckTimeout) return 'timeout';
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    if (/^SQLITE_(BUSY|LOCKED)/.test(code)) return 'busy';
    if (/^SQLITE_(IOERR|FULL|CANTOPEN|READONLY|CORRUPT|NOTADB|PERM)/.test(code)) return 'storage';
    // PostgreSQL (SQLSTATE): lock not granted in time, too many connections, starting up; disk or I/O.
    if (/^(55P03|40001|40P01|53300|57P03)$/.test(code)) return 'busy';
    if (/^(53100|58030)$/.test(code)) return 'storage';
    if (/^(08[0-9A-Z]{3}|57P0[12])$/.test(code)) return 'unreachable';
    if (UNREACHABLE_CODES.has(code)) return 'unreachable';
    if (code === 'ETIMEDOUT') return 'timeout';
  }
  if (error instanceof Error) {
    // ioredis: retries exhausted while disconnected, or a connection closed or not yet writable.
    if (error.name === 'MaxRetriesPerRequestError') return 'unreachable';
    if (/Connection is closed|Stream isn't writeable/i.test(error.message)) return 'unreachable';
    // pg: the server went away mid-query, or the pool could not connect in time.
    if (/^Connection terminated|timeout exceeded when trying to connect/i.test(error.message)) return 'unreachable';
  }
  return 'failed';
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new CheckTimeout(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Logs a check's failures when they start or change, and its recovery; the raw errors stay here. */
function checkLogger(log: Logger) {
  const failing = new Map<string, string>();
  return {
    failed(check: string, code: HealthErrorCode, error: unknown) {
      const text = error instanceof Error ? error.message : String(error);
      if (failing.get(check) === text) return;
      failing.set(check, text);
      log.warn({ check, code, err: error }, 'health check failed');
    },
    passed(check: string) {
      if (failing.delete(check)) log.info({ check }, 'health check passes again');
    },
  };
}

/**
 * Admits anyone; a caller who sends `Authorization` must present the operations token (then
 * `res.locals.operations`) or an admin's token (then `req.identity`), and is refused otherwise.
 */
function operationsOrAdmin(ctx: AppContext): RequestHandler {
  const admin = requireAuth(ctx, ['admin']);
  return (req, res, next) => {
    if (!req.headers.authorization) return next();
    if (presentsOperationsToken(req, ctx.config.metricsToken)) {
      res.locals.operations = true;
      return next();
    }
    return admin(req, res, next);
  };
}

/** Whether this node is shutting down (main.ts on SIGTERM): a balancer must stop sending it clients. */
export interface DrainState {
  draining(): boolean;
}

/**
 * `/healthz` (Redis, store and every mediasoup worker: 200 or 503 for anyone, the checks only for
 * operations or an admin; 503 `draining` while the node shuts down) and `/metrics` (Prometheus; the
 * operations token, or loopback when unset).
 */
export function healthRoutes(ctx: AppContext, drain: DrainState): Router {
  const router = Router();
  const checks = checkLogger(ctx.log.child({ module: 'health' }));
  const check = async (name: string, fn: () => Promise<unknown>): Promise<{ ok: boolean; error?: HealthErrorCode }> => {
    try {
      await withTimeout(fn(), CHECK_TIMEOUT_MS);
      checks.passed(name);
      return { ok: true };
    } catch (error) {
      const code = healthErrorCode(error);
      checks.failed(name, code, error);
      return { ok: false, error: code };
    }
  };

  route(router, API.system.health, operationsOrAdmin(ctx), async ({ req, res }) => {
    const [redis, store, workers] = await Promise.all([
      check('redis', () => ctx.redis.main.ping()),
      check('store', () => pingDatabase(ctx.db)),
      ctx.media.allAlive(),
    ]);
    ctx.metrics.workersAlive.set(workers.alive);
    const mediaOk = workers.total > 0 && workers.alive === workers.total;
    if (mediaOk) checks.passed('media');
    else checks.failed('media', 'failed', new Error(`${workers.alive} of ${workers.total} mediasoup workers alive`));
    const draining = drain.draining();
    const ok = redis.ok && store.ok && mediaOk && !draining;
    res.status(ok ? 200 : 503).setHeader('Cache-Control', 'no-store');
    const status = draining ? 'draining' : ok ? 'ok' : 'degraded';
    if (res.locals.operations !== true && !req.identity) return { status } satisfies HealthResponse;
    return { status, checks: { redis, store, media: { ok: mediaOk, ...workers } } } satisfies HealthResponse;
  });
  route(router, API.system.metrics, requireOperations(ctx.config.metricsToken), async ({ res }) => {
    res.type(ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics());
  });
  return router;
}
