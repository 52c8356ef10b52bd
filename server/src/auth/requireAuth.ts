import type { Request, RequestHandler } from 'express';
import type { Identity, Role } from '@diem-cau/shared';
import { AppError } from '../errors/AppError.js';
import type { AppContext } from '../context/types.js';
import { verifyAccessToken } from './identityChecks.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set by requireAuth: the verified caller. */
      identity?: Identity;
    }
  }
}

/**
 * Express middleware: the request must carry `Authorization: Bearer <token>` with a valid token
 * (signature, expiry, and for endpoints a current key version) of one of `roles`. A paired TV's
 * device credential is refused unless `allowDevice` (routes its standby screen calls).
 */
export function requireAuth(
  ctx: AppContext,
  roles: readonly Role[],
  options: { allowDevice?: boolean } = {},
): RequestHandler {
  return async (req, _res, next) => {
    const identity = await bearerIdentity(ctx, req);
    if (identity.device && !options.allowDevice)
      throw new AppError('FORBIDDEN', 'A paired device credential only opens the standby screen');
    if (!roles.includes(identity.role)) throw new AppError('FORBIDDEN', `Role "${identity.role}" may not do this`);
    req.identity = identity;
    next();
  };
}

/** Express middleware for the standby routes: the caller is a paired TV (its device credential, key not rotated since). */
export function requireDevice(ctx: AppContext): RequestHandler {
  return async (req, _res, next) => {
    const identity = await bearerIdentity(ctx, req);
    if (identity.role !== 'endpoint' || !identity.device)
      throw new AppError('FORBIDDEN', 'Only a paired endpoint device may do this');
    req.identity = identity;
    next();
  };
}

/** The verified identity of `Authorization: Bearer <token>` (signature, expiry, current key version). */
async function bearerIdentity(ctx: AppContext, req: Request): Promise<Identity> {
  const header = req.headers.authorization;
  const match = header ? /^Bearer ([^\s]+)$/.exec(header) : null;
  if (!match?.[1]) throw new AppError('UNAUTHENTICATED', 'Missing bearer token');
  return verifyAccessToken(ctx, match[1]);
}

/** The identity requireAuth attached (a route without requireAuth is a bug). */
export function identityOf(req: Request): Identity {
  if (!req.identity) throw new AppError('UNAUTHENTICATED', 'Not signed in');
  return req.identity;
}
