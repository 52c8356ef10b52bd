import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { AppContext } from '../context/types.js';

/**
 * The client's address as the limits count it: `req.ip` (behind a proxy on loopback, the
 * X-Forwarded-For address, see `trust proxy` in app.ts), an IPv6 address as its /56 network.
 */
export function clientAddress(req: Request): string {
  return ipKeyGenerator(req.ip ?? 'unknown');
}

export interface LoginLimitOptions {
  /** The bucket's name (one per route): `endpoint-login`, `session-code`… */
  name: string;
  /** Failed requests allowed per window and client address. */
  limit: number;
  windowSeconds?: number;
}

/**
 * Limits failed requests of a guessable route per client address (default window a minute),
 * answering `429 { error: { code: 'RATE_LIMITED' } }` with `Retry-After`. The counter lives in Redis,
 * shared by every node; a request reserves a point before it runs and gets it back when it succeeds
 * (status below 400), so successes never count and concurrent failures cannot pass the limit.
 * Member and staff sign-ins have their own limits (auth/signInLimiter.ts).
 */
export function loginRateLimit(ctx: AppContext, options: LoginLimitOptions): RequestHandler {
  const limiter = new RateLimiterRedis({
    storeClient: ctx.redis.main,
    keyPrefix: `${ctx.redisPrefix}:limit:${options.name}`,
    points: options.limit,
    duration: options.windowSeconds ?? 60,
  });
  return async (req, res, next) => {
    const key = clientAddress(req);
    try {
      await limiter.consume(key);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      res
        .status(429)
        .set('Retry-After', String(Math.max(1, Math.ceil(error.msBeforeNext / 1000))))
        .json({ error: { code: 'RATE_LIMITED', message: 'Too many failed attempts; wait a minute and try again' } });
      return;
    }
    res.on('finish', () => {
      if (res.statusCode < 400) limiter.reward(key).catch(() => undefined);
    });
    next();
  };
}
