import type { Server, Socket } from 'socket.io';
import type {
  ClientRequestName,
  ClientRequests,
  ClientToServerEvents,
  Identity,
  ResponseData,
  Role,
  ServerToClientEvents,
} from '@diem-cau/shared';
import type { z } from 'zod';
import type { Logger } from '../logging/logger.js';

/** What the server keeps on each socket once the handshake has verified it. */
export interface SocketData {
  identity: Identity;
  /** When the handshake's token expires (ms since the epoch): the socket is ended then (signaling/tokenExpiry.ts). */
  tokenExpiresAt: number;
  /** Set by `session:join`: the live session this socket takes part in. */
  sessionId?: string;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
type InterServerEvents = {};

export type IoServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export interface HandlerContext {
  socket: IoSocket;
  identity: Identity;
  log: Logger;
}

export interface RequestHandlerSpec<K extends ClientRequestName> {
  /** Roles allowed to send this request; omitted = any authenticated client. */
  roles?: readonly Role[];
  handle: (
    ctx: HandlerContext,
    payload: z.output<ClientRequests[K]['request']>,
  ) => Promise<ResponseData<ClientRequests, K>> | ResponseData<ClientRequests, K>;
}

/** A domain's handlers: a partial table keyed by event name, merged by the signaling server. */
export type HandlerTable = { [K in ClientRequestName]?: RequestHandlerSpec<K> };
