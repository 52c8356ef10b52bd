import { AppError } from '../errors/AppError.js';
import { unavailableFor } from '../errors/unavailable.js';
import type { AppContext } from '../context/types.js';
import type { IoSocket } from '../signaling/types.js';
import { assertIdentityCurrent } from './identityChecks.js';
import { isSubjectRevoked } from './revokedSubjects.js';

type Next = (err?: Error) => void;

/**
 * Socket.IO middleware after the handshake: the registered identity checks (for example an endpoint
 * token issued with a since-rotated key) run on every new connection, and a revoked subject (a
 * deleted member, auth/revokedSubjects.ts) is refused; a refused one gets UNAUTHENTICATED. While
 * Redis or the store is unavailable the checks cannot run: the connection is refused with
 * UNAVAILABLE, which the client retries, never with UNAUTHENTICATED (that would send it to sign in).
 */
export function socketIdentityGuard(ctx: AppContext) {
  return async (socket: IoSocket, next: Next): Promise<void> => {
    try {
      if (await isSubjectRevoked(ctx, socket.data.identity.subject))
        throw new AppError('UNAUTHENTICATED', 'This sign-in was revoked');
      await assertIdentityCurrent(ctx, socket.data.identity);
    } catch (error) {
      const outage = unavailableFor(error);
      if (outage) {
        ctx.log.warn(
          { err: error, subject: socket.data.identity.subject },
          'connection refused: a dependency is unavailable',
        );
        next(Object.assign(new Error(outage.message), { data: { code: 'UNAVAILABLE', message: outage.message } }));
        return;
      }
      const message = error instanceof AppError ? error.message : 'Token is invalid';
      next(Object.assign(new Error(message), { data: { code: 'UNAUTHENTICATED', message } }));
      return;
    }
    next();
  };
}
