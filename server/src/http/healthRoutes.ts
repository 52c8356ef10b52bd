import { Router } from 'express';
import { API, type HealthResponse } from '@diem-cau/shared';
import type { Redis } from 'ioredis';
import type { MediaWorkerPool } from '../media/MediaWorkerPool.js';
import { pingDatabase, type Database } from '../store/database.js';
import type { Metrics } from './metrics.js';
import { route } from './typedRoute.js';

interface HealthDeps {
  redis: Redis;
  db: Database;
  media: MediaWorkerPool;
  metrics: Metrics;
}

async function check(fn: () => Promise<unknown>): Promise<{ ok: boolean; error?: string }> {
  try {
    await fn();
    return { ok: true };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

/** `/healthz` (Redis, store and every mediasoup worker) and `/metrics` (Prometheus). */
export function healthRoutes(deps: HealthDeps): Router {
  const router = Router();
  route(router, API.system.health, async ({ res }) => {
    const [redis, store] = await Promise.all([check(() => deps.redis.ping()), check(() => pingDatabase(deps.db))]);
    const workers = await deps.media.allAlive();
    deps.metrics.workersAlive.set(workers.alive);
    const mediaOk = workers.total > 0 && workers.alive === workers.total;
    const ok = redis.ok && store.ok && mediaOk;
    res.status(ok ? 200 : 503);
    return {
      status: ok ? 'ok' : 'degraded',
      checks: { redis, store, media: { ok: mediaOk, ...workers } },
    } satisfies HealthResponse;
  });
  route(router, API.system.metrics, async ({ res }) => {
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  return router;
}
