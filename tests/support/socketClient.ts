import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION, type Ack, type ClientToServerEvents, type ServerToClientEvents } from '@diem-cau/shared';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A Socket.IO client speaking the real protocol; resolves once connected. */
export function connectSocket(url: string, auth: { token: string; protocolVersion?: number }): Promise<TestSocket> {
  const socket: TestSocket = io(url, {
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

/** Emits an event without type checks, to send what a hostile or broken client would. */
export function emitRaw(socket: TestSocket, event: string, ...args: unknown[]): Promise<Ack<unknown>> {
  return new Promise((resolve) => {
    (socket as unknown as { emit: (e: string, ...a: unknown[]) => void }).emit(event, ...args, (ack: Ack<unknown>) =>
      resolve(ack),
    );
  });
}
