import { z } from 'zod';

/** What a client puts in Socket.IO's `auth` option when it connects. */
export const handshakeAuthSchema = z.object({
  protocolVersion: z.number().int(),
  token: z.string().min(1).max(4096),
});
export type HandshakeAuth = z.infer<typeof handshakeAuthSchema>;

/**
 * When the server refuses a connection, Socket.IO's `connect_error` carries `err.data`
 * of this shape, so the client can tell "log in again" from "reload the page". CONFLICT: this
 * sign-in already holds as many connections as it may (try again once one has closed).
 * UNAVAILABLE: the server cannot check the sign-in right now (Redis or the store is down): try again.
 */
export const handshakeRefusalSchema = z.object({
  code: z.enum(['UNAUTHENTICATED', 'PROTOCOL_MISMATCH', 'BAD_REQUEST', 'FORBIDDEN', 'CONFLICT', 'UNAVAILABLE']),
  message: z.string(),
});
export type HandshakeRefusal = z.infer<typeof handshakeRefusalSchema>;
