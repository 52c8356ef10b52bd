import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { Request, RequestHandler } from 'express';
import { AppError } from '../errors/AppError.js';

/** What the operations routes answer with when they refuse a caller. */
export const operationsErrors = {
  metricsTokenRequired: () => new AppError('UNAUTHENTICATED', 'The metrics token is required'),
  metricsLoopbackOnly: () =>
    new AppError('FORBIDDEN', 'Metrics are served to this machine only (set METRICS_TOKEN to scrape from elsewhere)'),
} satisfies Record<string, (...args: never[]) => AppError>;

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * Whether the request carries `Authorization: Bearer <token>` with the operations token. Both sides
 * are hashed first, so the comparison takes the same time whatever the length or content presented.
 */
export function presentsOperationsToken(req: Request, token: string | undefined): boolean {
  if (!token) return false;
  const match = /^Bearer ([^\s]+)$/.exec(req.headers.authorization ?? '');
  if (!match?.[1]) return false;
  return timingSafeEqual(digest(match[1]), digest(token));
}

/** 127.0.0.0/8 (also IPv4-mapped, `::ffff:127.0.0.1`) and ::1, as Node writes socket addresses. */
export function isLoopbackAddress(ip: string | undefined): boolean {
  if (!ip) return false;
  const v4 = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  if (isIP(v4) === 4) return v4.startsWith('127.');
  return ip === '::1';
}

/**
 * Express middleware for /metrics: with a token configured, the caller must present it (401
 * otherwise); without one, only a caller on this machine is answered (403 otherwise). The address is
 * `req.ip`, so behind a proxy on the same host (trusted as loopback) it is the forwarded client's.
 */
export function requireOperations(token: string | undefined): RequestHandler {
  return (req, _res, next) => {
    if (token) {
      if (!presentsOperationsToken(req, token)) throw operationsErrors.metricsTokenRequired();
    } else if (!isLoopbackAddress(req.ip)) {
      throw operationsErrors.metricsLoopbackOnly();
    }
    next();
  };
}
