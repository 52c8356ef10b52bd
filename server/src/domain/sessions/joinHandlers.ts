import type { Identity, SessionSummary } from '@diem-cau/shared';
import type { Logger } from '../../logging/logger.js';
import type { AppContext } from '../../context/types.js';
import { rooms } from '../../signaling/rooms.js';
import type { HandlerTable, IoSocket } from '../../signaling/types.js';
import { orgService } from '../org/index.js';
import { sessionErrors } from './errors.js';
import { assertMayJoin, type JoinFacts } from './joinPolicy.js';
import { sessionService } from './services.js';

function roomsFor(sessionId: string, identity: Identity): string[] {
  const list = [rooms.session(sessionId), rooms.sessionRole(sessionId, identity.role)];
  if (identity.role === 'endpoint') list.push(rooms.endpoint(sessionId, identity.subject));
  if (identity.role === 'member') list.push(rooms.member(sessionId, identity.subject));
  return list;
}

/** `session:join` and `session:leave`; a disconnect leaves the session too. */
export function sessionHandlers(ctx: AppContext): HandlerTable {
  const sessions = sessionService(ctx);
  const watched = new WeakSet<IoSocket>();
  /** A join still running on a socket: its disconnect waits for it, then leaves what it joined. */
  const joining = new WeakMap<IoSocket, Promise<unknown>>();

  const leave = async (
    socket: IoSocket,
    identity: Identity,
    reason: 'leave' | 'disconnect',
    log: Logger,
  ): Promise<string | null> => {
    const sessionId = socket.data.sessionId;
    if (!sessionId) return null;
    delete socket.data.sessionId;
    for (const room of roomsFor(sessionId, identity)) void socket.leave(room);
    try {
      await sessions.hooks.runLeave({ sessionId, identity, socketId: socket.id, reason });
    } catch (error) {
      log.error({ err: error, sessionId }, 'session leave hook failed');
      if (reason === 'leave') throw error;
    }
    return sessionId;
  };

  /**
   * Watches the socket before anything is awaited, so a disconnect during the join is seen: it
   * waits for the join to finish (or be undone), then leaves the session like any disconnect.
   */
  const watch = (socket: IoSocket, identity: Identity, log: Logger): void => {
    if (watched.has(socket)) return;
    watched.add(socket);
    socket.once('disconnect', () => {
      void (async () => {
        await joining.get(socket)?.catch(() => undefined);
        await leave(socket, identity, 'disconnect', log);
      })();
    });
  };

  /** Joins rooms and runs the join hooks as one unit: on failure nothing of it stays. */
  const enter = async (socket: IoSocket, identity: Identity, sessionId: string, log: Logger): Promise<void> => {
    socket.data.sessionId = sessionId;
    await socket.join(roomsFor(sessionId, identity));
    try {
      await sessions.hooks.runJoin({ sessionId, identity, socketId: socket.id }, (error) =>
        log.error({ err: error, sessionId }, 'undoing a failed join failed'),
      );
    } catch (error) {
      delete socket.data.sessionId;
      for (const room of roomsFor(sessionId, identity)) void socket.leave(room);
      throw error;
    }
  };

  return {
    'session:join': {
      handle: async ({ socket, identity, log }, { sessionId }): Promise<SessionSummary> => {
        watch(socket, identity, log);
        if (socket.disconnected) throw sessionErrors.connectionClosed();
        const session = await sessions.getSession(sessionId);
        const facts: JoinFacts = { session };
        if (identity.role === 'endpoint' && session && identity.sessionId === sessionId) {
          const endpoint = await orgService(ctx).getEndpoint(identity.subject);
          facts.endpoint = {
            invited: await sessions.isInvited(sessionId, identity.subject),
            keyVersion: endpoint?.keyVersion,
          };
        }
        assertMayJoin(identity, sessionId, facts);
        if (socket.disconnected) throw sessionErrors.connectionClosed();
        const current = socket.data.sessionId;
        if (current && current !== sessionId) await leave(socket, identity, 'leave', log);
        if (current !== sessionId) {
          const entering = enter(socket, identity, sessionId, log);
          joining.set(socket, entering);
          try {
            await entering;
          } finally {
            if (joining.get(socket) === entering) joining.delete(socket);
          }
          // Gone while joining: its disconnect handler leaves what the join entered.
          if (socket.disconnected) throw sessionErrors.connectionClosed();
        }
        const view = await sessions.get(sessionId);
        return {
          id: view.id,
          title: view.title,
          resolution: view.resolution,
          status: view.status,
          role: identity.role,
          hostName: view.hostName,
          invitedEndpointCount: view.invitedEndpointCount,
          scheduledStart: view.scheduledStart,
          scheduledEnd: view.scheduledEnd,
          startedAt: view.startedAt,
          endedAt: view.endedAt,
        };
      },
    },
    'session:leave': {
      handle: async ({ socket, identity, log }) => ({ left: await leave(socket, identity, 'leave', log) }),
    },
  };
}
