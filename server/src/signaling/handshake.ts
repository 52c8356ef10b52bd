import { PROTOCOL_VERSION, handshakeAuthSchema, type HandshakeRefusal } from '@diem-cau/shared';
import { AppError } from '../errors/AppError.js';
import type { TokenService } from '../auth/tokens.js';
import type { IoSocket } from './types.js';

export type Next = (err?: Error) => void;

export function refuse(next: Next, refusal: HandshakeRefusal): void {
  // Socket.IO passes `data` to the client's connect_error handler.
  const error = Object.assign(new Error(refusal.message), { data: refusal });
  next(error);
}

/**
 * Socket.IO middleware: a connection must declare our protocol version and carry a valid token.
 * The verified identity is kept in `socket.data` for every later event.
 */
export function handshakeMiddleware(tokens: TokenService) {
  return async (socket: IoSocket, next: Next): Promise<void> => {
    const parsed = handshakeAuthSchema.safeParse(socket.handshake.auth);
    if (!parsed.success) {
      refuse(next, { code: 'BAD_REQUEST', message: 'Handshake must carry { protocolVersion, token }' });
      return;
    }
    if (parsed.data.protocolVersion !== PROTOCOL_VERSION) {
      refuse(next, {
        code: 'PROTOCOL_MISMATCH',
        message: `Server speaks protocol ${PROTOCOL_VERSION}, client sent ${parsed.data.protocolVersion}; reload the page`,
      });
      return;
    }
    try {
      const verified = await tokens.verifyToken(parsed.data.token);
      socket.data.identity = verified.identity;
      socket.data.tokenExpiresAt = verified.expiresAt;
      next();
    } catch (error) {
      const message = error instanceof AppError ? error.message : 'Token is invalid';
      refuse(next, { code: 'UNAUTHENTICATED', message });
    }
  };
}
