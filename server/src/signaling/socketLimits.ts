import type { Role } from '@diem-cau/shared';
import { refuse, type Next } from './handshake.js';
import type { IoSocket } from './types.js';

/** Open sockets one sign-in (role and subject) may hold on one node. */
export interface SocketLimits {
  /** An endpoint's screens (TV, projector, operator's laptop) and a reconnect's overlap. */
  perEndpoint: number;
  /** A member's phone, a second tab and a reconnect's overlap. */
  perMember: number;
  /** A host's or admin's consoles. */
  perStaff: number;
}

function limitOf(limits: SocketLimits, role: Role): number {
  if (role === 'endpoint') return limits.perEndpoint;
  if (role === 'member') return limits.perMember;
  return limits.perStaff;
}

/**
 * Socket.IO middleware: a sign-in opens at most its role's number of sockets, so one token cannot
 * hold the node's connections (and, through them, its media ports). The next one is refused at the
 * handshake with CONFLICT. Register it after every other check, so a socket counted here is one
 * that connects; its count is given back when it disconnects or its connection closes first.
 *
 * Counted per node, in this process's memory: a sign-in may hold its number on each node. Counting
 * across nodes needs the Redis-backed presence of issue #12.
 *
 * A dropped connection lingers until the ping timeout (up to 20 s) while its client reconnects,
 * so the limits leave room for an overlap; clients retry a CONFLICT refusal after a pause.
 */
export function socketLimitMiddleware(limits: SocketLimits) {
  const open = new Map<string, number>();
  return (socket: IoSocket, next: Next): void => {
    const { role, subject } = socket.data.identity;
    const key = `${role}:${subject}`;
    const max = limitOf(limits, role);
    const count = open.get(key) ?? 0;
    if (count >= max) {
      refuse(next, {
        code: 'CONFLICT',
        message: `This sign-in already has ${max} connections open; close one and try again`,
      });
      return;
    }
    open.set(key, count + 1);
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      const left = (open.get(key) ?? 1) - 1;
      if (left > 0) open.set(key, left);
      else open.delete(key);
    };
    socket.once('disconnect', release);
    // A client gone during the handshake never connects, so never disconnects either.
    socket.conn.once('close', release);
    next();
  };
}
