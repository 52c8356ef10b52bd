import type { RequestHandler } from 'express';
import type { IoServer } from '../signaling/types.js';

/** The response header naming the node that answered (behind a balancer: which one it chose). */
export const NODE_HEADER = 'X-Node';

/** Names this node on every HTTP answer. */
export function nodeHeader(nodeId: string): RequestHandler {
  return (_req, res, next) => {
    res.setHeader(NODE_HEADER, nodeId);
    next();
  };
}

/** Names this node on the Socket.IO handshake's answer too (the WebSocket upgrade). */
export function nameNodeOnHandshake(io: IoServer, nodeId: string): void {
  io.engine.on('initial_headers', (headers: Record<string, string>) => {
    headers[NODE_HEADER] = nodeId;
  });
}
