import { io, type Socket } from 'socket.io-client';
import {
  PROTOCOL_VERSION,
  type Ack,
  type ClientRequestName,
  type ClientRequests,
  type ClientToServerEvents,
  type RequestPayload,
  type ResponseData,
  type ServerToClientEvents,
} from '@diem-cau/shared';

/** A Socket.IO client of the real protocol (the tests' TestSocket is this type). */
export type SignalSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Connects with a token, as the product's clients do; resolves once connected. */
export function connectSignal(url: string, auth: { token: string; protocolVersion?: number }): Promise<SignalSocket> {
  const socket: SignalSocket = io(url, {
    auth: { protocolVersion: auth.protocolVersion ?? PROTOCOL_VERSION, token: auth.token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

/** Sends a typed request and returns its data, or throws with the error code as message. */
export async function signal<K extends ClientRequestName>(
  socket: SignalSocket,
  event: K,
  payload: RequestPayload<ClientRequests, K>,
): Promise<ResponseData<ClientRequests, K>> {
  const emit = socket.emitWithAck as unknown as (
    e: K,
    p: RequestPayload<ClientRequests, K>,
  ) => Promise<Ack<ResponseData<ClientRequests, K>>>;
  const ack = await emit.call(socket, event, payload);
  if (!ack.ok) throw Object.assign(new Error(ack.error.code), { body: ack.error });
  return ack.data;
}
