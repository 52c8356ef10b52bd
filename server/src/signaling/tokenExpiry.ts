import type { Logger } from '../logging/logger.js';
import type { IoSocket } from './types.js';

/** setTimeout's longest delay (about 24.8 days); a later expiry (a paired TV's credential) is reached in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** True once the token the socket connected with has expired. */
export function tokenExpired(socket: IoSocket, now = Date.now()): boolean {
  return socket.data.tokenExpiresAt <= now;
}

/**
 * Disconnects an expired socket. Its client sees "io server disconnect"; when it connects again with
 * the same token the handshake refuses it with UNAUTHENTICATED ("Token expired"), which the pages
 * handle (sign in again; a paired TV buys a new session token with its device credential).
 */
export function endExpired(socket: IoSocket, log: Logger): void {
  if (!socket.connected) return;
  log.info({ expiredAt: new Date(socket.data.tokenExpiresAt).toISOString() }, 'token expired: disconnecting');
  socket.disconnect(true);
}

/**
 * Arms one timer per socket that ends it when its token expires (cleared when it disconnects). It
 * never fires synchronously, so the other `connection` listeners see the socket connected first.
 */
export function endAtTokenExpiry(socket: IoSocket, log: Logger): void {
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    const left = Math.max(0, socket.data.tokenExpiresAt - Date.now());
    timer = setTimeout(() => (tokenExpired(socket) ? endExpired(socket, log) : arm()), Math.min(left, MAX_TIMER_MS));
    timer.unref();
  };
  socket.once('disconnect', () => clearTimeout(timer));
  arm();
}
