import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';

export interface LoginLimitOptions {
  /** Body field that names the account being tried (username, memberNumber…). */
  field: string;
  /** Failed attempts allowed per window and client IP + account. */
  limit?: number;
  windowMs?: number;
}

function bodyField(req: Request, field: string): string {
  const body: unknown = req.body;
  if (typeof body !== 'object' || body === null) return '';
  const value = (body as Record<string, unknown>)[field];
  return typeof value === 'string' ? value.trim().toLowerCase().slice(0, 128) : '';
}

/**
 * Limits failed sign-ins per client IP and account name (default 10 a minute), answering
 * `429 { error: { code: 'RATE_LIMITED' } }`. Successful sign-ins do not count. The counter lives in
 * this process's memory; a deployment with several nodes should give it a shared store.
 */
export function loginRateLimit(options: LoginLimitOptions): RequestHandler {
  return rateLimit({
    windowMs: options.windowMs ?? 60_000,
    limit: options.limit ?? 10,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => `${ipKeyGenerator(req.ip ?? 'unknown')}|${bodyField(req, options.field)}`,
    handler: (_req, res, _next, opts) => {
      res
        .status(opts.statusCode)
        .json({ error: { code: 'RATE_LIMITED', message: 'Too many sign-in attempts; wait a minute and try again' } });
    },
  });
}
