import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Role, ServerToClientEvents } from '@diem-cau/shared';
import { rooms } from './rooms.js';
import type { IoServer } from './types.js';

/** Who a push goes to: a session's audience, one of its roles, an endpoint's room, a member's phones, a device. */
export type LiveAudience =
  | { session: string }
  | { session: string; role: Role }
  | { session: string; staff: true }
  | { session: string; endpoint: string }
  | { session: string; member: string }
  | { device: string }
  | { subject: string }
  | { socket: string };

type EventName = keyof ServerToClientEvents;
type Payload<E extends EventName> = Parameters<ServerToClientEvents[E]>[0];

/**
 * What a domain service may do with the connected clients, without knowing Socket.IO: push an
 * event to an audience, move a member's phones between endpoint rooms, drop a device's sockets,
 * and hear when a member's phone enters an endpoint room. Handlers and modules may still use the
 * Socket.IO server itself; services get only this.
 */
export interface LiveChannels {
  /**
   * `except`: a socket id left out (the phone that caused the change already knows). `localOnly`: only
   * the sockets connected to this node (each node pushes what it built for its own clients).
   */
  emit<E extends EventName>(
    to: LiveAudience | readonly LiveAudience[],
    event: E,
    payload: Payload<E>,
    options?: { except?: string; localOnly?: boolean },
  ): void;
  /** Whether any socket of `to` is connected to this node. */
  hasLocal(to: LiveAudience): boolean;
  /**
   * The same event to many endpoint rooms of a session, a group of rooms per event-loop turn (each
   * group about `socketsPerTurn` local sockets), so a hall-sized push never blocks the loop.
   */
  emitToEndpoints<E extends EventName>(
    sessionId: string,
    endpointIds: readonly string[],
    event: E,
    payload: Payload<E>,
  ): Promise<void>;
  /** Every socket of `who` joins, or leaves, the room of `room` (on every node). */
  join(who: LiveAudience, room: LiveAudience): void;
  leave(who: LiveAudience, room: LiveAudience): void;
  disconnect(who: LiveAudience): void;
  /** Calls `onEnter` when a member's socket on this node enters an endpoint room of its session; returns the unsubscribe. */
  onMemberEntersEndpoint(onEnter: (socketId: string, sessionId: string) => void): () => void;
}

/** Sockets (on this node) addressed in one turn: a socket write costs 20–35 µs (FACTS.md), so a turn stays well under 50 ms. */
export const SOCKETS_PER_TURN = 1000;

export function roomOf(audience: LiveAudience): string | string[] {
  if ('socket' in audience) return audience.socket;
  if ('device' in audience) return rooms.endpointDevice(audience.device);
  if ('subject' in audience) return rooms.subject(audience.subject);
  if ('staff' in audience)
    return [rooms.sessionRole(audience.session, 'host'), rooms.sessionRole(audience.session, 'admin')];
  if ('role' in audience) return rooms.sessionRole(audience.session, audience.role);
  if ('endpoint' in audience) return rooms.endpoint(audience.session, audience.endpoint);
  if ('member' in audience) return rooms.member(audience.session, audience.member);
  return rooms.session(audience.session);
}

function roomsOf(to: LiveAudience | readonly LiveAudience[]): string[] {
  const list: readonly LiveAudience[] = Array.isArray(to) ? to : [to as LiveAudience];
  return list.flatMap((a) => roomOf(a));
}

function single(room: string | string[]): string {
  if (Array.isArray(room)) throw new Error('a room change targets one room');
  return room;
}

export function createLiveChannels(io: IoServer): LiveChannels {
  const emitTo = <E extends EventName>(
    target: string[],
    event: E,
    payload: Payload<E>,
    except?: string,
    localOnly = false,
  ): void => {
    const base = localOnly ? io.local : io;
    const operator = except ? base.to(target).except(except) : base.to(target);
    (operator.emit as (e: E, p: Payload<E>) => boolean)(event, payload);
  };
  return {
    emit: (to, event, payload, options) =>
      emitTo(roomsOf(to), event, payload, options?.except, options?.localOnly ?? false),
    hasLocal: (to) => {
      const local = io.of('/').adapter.rooms;
      return roomsOf(to).some((room) => (local.get(room)?.size ?? 0) > 0);
    },
    async emitToEndpoints(sessionId, endpointIds, event, payload) {
      const local = io.of('/').adapter.rooms;
      let group: string[] = [];
      let size = 0;
      for (const endpointId of endpointIds) {
        const room = rooms.endpoint(sessionId, endpointId);
        group.push(room);
        size += local.get(room)?.size ?? 0;
        if (size >= SOCKETS_PER_TURN) {
          emitTo(group, event, payload);
          group = [];
          size = 0;
          await yieldToLoop();
        }
      }
      if (group.length > 0) emitTo(group, event, payload);
    },
    join: (who, room) => io.in(roomsOf(who)).socketsJoin(single(roomOf(room))),
    leave: (who, room) => io.in(roomsOf(who)).socketsLeave(single(roomOf(room))),
    disconnect: (who) => io.in(roomsOf(who)).disconnectSockets(true),
    onMemberEntersEndpoint(onEnter) {
      const nsp = io.of('/');
      const listener = (room: string, socketId: string): void => {
        const socket = nsp.sockets.get(socketId);
        const sessionId = socket?.data.sessionId;
        if (!socket || !sessionId || socket.data.identity.role !== 'member') return;
        if (room.startsWith(rooms.endpoint(sessionId, ''))) onEnter(socketId, sessionId);
      };
      nsp.adapter.on('join-room', listener);
      return () => void nsp.adapter.off('join-room', listener);
    },
  };
}
