import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import { RateLimiterRedis } from 'rate-limiter-flexible';
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
  /**
   * Requests of one address allowed in flight beyond the failure budget (default 100): a district's
   * TVs behind one NAT all sign in the moment the session goes live, and must not be refused for it.
   */
  inFlight?: number;
}

const refuse = (res: Response, msBeforeNext: number) =>
  res
    .status(429)
    .set('Retry-After', String(Math.max(1, Math.ceil(msBeforeNext / 1000))))
    .json({ error: { code: 'RATE_LIMITED', message: 'Too many failed attempts; wait a minute and try again' } });

/**
 * Limits failed requests of a guessable route per client address (default window a minute),
 * answering `429 { error: { code: 'RATE_LIMITED' } }` with `Retry-After`. Two counters in Redis,
 * shared by every node: the address's failures in the window (rate-limiter-flexible), counted when a
 * request ends with a status of 400 or more, and its requests in flight. A request is let in while
 * failures are under the limit and failures plus requests in flight stay under limit + `inFlight`, so
 * successes never count, many concurrent successes pass, and concurrent failures cannot pass the
 * limit by more than `inFlight`. Member and staff sign-ins have their own limits (auth/signInLimiter.ts).
 */
export function loginRateLimit(ctx: AppContext, options: LoginLimitOptions): RequestHandler {
  const windowSeconds = options.windowSeconds ?? 60;
  const inFlightAllowed = options.inFlight ?? 100;
  const redis = ctx.redis.main;
  const prefix = `${ctx.redisPrefix}:limit:${options.name}`;
  const failures = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: prefix,
    points: options.limit,
    duration: windowSeconds,
  });
  return async (req, res, next) => {
    const key = clientAddress(req);
    const pendingKey = `${prefix}:pending:${key}`;
    // The expiry only matters if a node dies with requests in flight: their count then fades out.
    const replies = await redis
      .multi()
      .incr(pendingKey)
      .pexpire(pendingKey, windowSeconds * 1000)
      .exec();
    const pending = Number(replies?.[0]?.[1]);
    const failed = await failures.get(key).catch(async (error: unknown) => {
      await redis.decr(pendingKey);
      throw error;
    });
    const failedPoints = failed?.consumedPoints ?? 0;
    if (failedPoints >= options.limit || failedPoints + pending > options.limit + inFlightAllowed) {
      await redis.decr(pendingKey);
      refuse(res, failed?.msBeforeNext ?? windowSeconds * 1000);
      return;
    }
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      // A failure is counted before the request leaves the in-flight count, so the sum never dips.
      const counted = res.statusCode >= 400 ? failures.penalty(key) : Promise.resolve();
      counted
        .catch(() => undefined)
        .finally(() => redis.decr(pendingKey).catch(() => undefined))
        .catch(() => undefined);
    };
    res.on('finish', settle);
    res.on('close', settle);
    next();
  };
}
