import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Redis } from 'ioredis';
import type { TokenService } from '../auth/tokens.js';
import type { Logger } from '../logging/logger.js';
import { bindHandlers } from './bindHandlers.js';
import { handshakeMiddleware } from './handshake.js';
import { rooms } from './rooms.js';
import { endAtTokenExpiry } from './tokenExpiry.js';
import type { HandlerTable, IoServer } from './types.js';

export interface SocketServerOptions {
  httpServer: HttpServer;
  redis: Redis;
  /** Redis stream shared by the nodes of one deployment. */
  streamName: string;
  tokens: TokenService;
  handlers: HandlerTable;
  log: Logger;
  corsOrigin: string | undefined;
}

/** The typed Socket.IO server, shared across nodes through the Redis Streams adapter. */
export function createSocketServer(options: SocketServerOptions): IoServer {
  const io: IoServer = new Server(options.httpServer, {
    adapter: createAdapter(options.redis, { streamName: options.streamName }),
    // Messages are small JSON; a larger one is hostile or a bug.
    maxHttpBufferSize: 64 * 1024,
    pingInterval: 10_000,
    pingTimeout: 10_000,
    cors: options.corsOrigin ? { origin: options.corsOrigin } : undefined,
  });
  io.use(handshakeMiddleware(options.tokens));
  io.on('connection', (socket) => {
    const log = options.log.child({
      socket: socket.id,
      subject: socket.data.identity.subject,
      role: socket.data.identity.role,
    });
    log.debug('connected');
    // The room of its subject, which a revocation (a member deleted…) disconnects on every node.
    void socket.join(rooms.subject(socket.data.identity.subject));
    endAtTokenExpiry(socket, log);
    bindHandlers(socket, options.handlers, log);
    socket.on('disconnect', (reason) => log.debug({ reason }, 'disconnected'));
  });
  return io;
}
