import { z } from 'zod';

/**
 * The closed set of error codes the server may answer with, in acks, REST bodies and handshake
 * refusals. Clients translate them; the message is for logs and developers.
 */
export const ERROR_CODES = [
  'BAD_REQUEST', // payload failed its schema
  'UNAUTHENTICATED', // missing, malformed, expired or wrongly signed token
  'FORBIDDEN', // authenticated, but the role or session does not allow this
  'PROTOCOL_MISMATCH', // client speaks another protocol version
  'NOT_FOUND',
  'CONFLICT', // state does not allow it (e.g. session not live)
  'RATE_LIMITED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'DEADLINE_PASSED', // e.g. a quiz answer after the server's deadline
  'UNAVAILABLE', // a dependency (Redis, store, media worker) is down
  'STORAGE_FULL', // the server's disk keeps its last space for evidence: uploads and imports stop
  'RANGE_NOT_SATISFIABLE', // a download asked for bytes the file does not have (HTTP 416)
  'GONE', // it existed and was deleted (a recording removed by an admin or by retention)
  'INTERNAL', // a bug; details are logged, never sent
] as const;

export const errorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const errorBodySchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  /** Per-field problems for BAD_REQUEST (path → message), or per-row problems for imports. */
  details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** Every request/response over Socket.IO is answered with exactly one Ack. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

export function ackOk<T>(data: T): Ack<T> {
  return { ok: true, data };
}

export function ackError(code: ErrorCode, message: string, details?: ErrorBody['details']): Ack<never> {
  return { ok: false, error: details ? { code, message, details } : { code, message } };
}
