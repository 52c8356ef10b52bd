import { io, type Socket } from 'socket.io-client';
import {
  PROTOCOL_VERSION,
  type Ack,
  type ClientRequestName,
  type ClientRequests,
  type ClientToServerEvents,
  type ErrorCode,
  type RequestPayload,
  type ResponseData,
  type ServerToClientEvents,
} from '@diem-cau/shared';

export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A request the server refused, with its protocol error code. */
export class RequestError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

/**
 * Wait before connecting again when the server refused the connection with CONFLICT: this sign-in
 * holds as many connections as it may (often its own dropped ones, gone within the ping timeout).
 * Socket.IO does not retry a refusal at the handshake by itself.
 */
export const TOO_MANY_CONNECTIONS_RETRY_MS = 5_000;

/** Wait before connecting again when the server refused with UNAVAILABLE (Redis or its store is briefly down). */
export const UNAVAILABLE_RETRY_MS = 2_000;

/**
 * Connects to the server with the protocol version and token. Socket.IO reconnects by itself
 * (with backoff); listeners of `connect` must re-join the session each time.
 */
export function connectSocket(token: string): AppSocket {
  return io({
    auth: { protocolVersion: PROTOCOL_VERSION, token },
    transports: ['websocket'],
    reconnection: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 3000,
    timeout: 8000,
  });
}

/** Sends a typed request; resolves with its data or rejects with a RequestError. */
export async function request<K extends ClientRequestName>(
  socket: AppSocket,
  event: K,
  payload: RequestPayload<ClientRequests, K>,
  timeoutMs = 10_000,
): Promise<ResponseData<ClientRequests, K>> {
  const timed = socket.timeout(timeoutMs);
  const emit = timed.emitWithAck as unknown as (
    e: K,
    p: RequestPayload<ClientRequests, K>,
  ) => Promise<Ack<ResponseData<ClientRequests, K>>>;
  let ack: Ack<ResponseData<ClientRequests, K>>;
  try {
    ack = await emit.call(timed, event, payload);
  } catch {
    throw new RequestError('UNAVAILABLE', `No answer to ${event}`);
  }
  if (!ack.ok) throw new RequestError(ack.error.code, ack.error.message);
  return ack.data;
}
