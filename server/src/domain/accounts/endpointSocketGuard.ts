import { AppError } from '../../errors/AppError.js';
import type { AppContext } from '../../modules/types.js';
import { rooms } from '../../signaling/rooms.js';
import type { IoSocket } from '../../signaling/types.js';
import { authService } from './AuthService.js';

type Next = (err?: Error) => void;

/**
 * Socket.IO middleware after the handshake: an endpoint token issued with a since-rotated key is
 * refused (UNAUTHENTICATED).
 */
export function endpointSocketGuard(ctx: AppContext) {
  return async (socket: IoSocket, next: Next): Promise<void> => {
    const identity = socket.data.identity;
    if (identity.role !== 'endpoint') {
      next();
      return;
    }
    try {
      await authService(ctx).assertStillValid(identity);
    } catch (error) {
      const message = error instanceof AppError ? error.message : 'Token is invalid';
      next(Object.assign(new Error(message), { data: { code: 'UNAUTHENTICATED', message } }));
      return;
    }
    next();
  };
}

/** Puts every accepted endpoint socket in its device room (see OrgService.rotateKey). */
export function joinEndpointDeviceRoom(socket: IoSocket): void {
  const identity = socket.data.identity;
  if (identity.role === 'endpoint') void socket.join(rooms.endpointDevice(identity.subject));
}
