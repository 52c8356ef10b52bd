import type { Ack } from '@diem-cau/shared';
import { connectSignal, type SignalSocket } from '../../bench/lib/signal.js';

export type TestSocket = SignalSocket;

/** A Socket.IO client speaking the real protocol; resolves once connected (shared with the benches). */
export const connectSocket = connectSignal;

/** Emits an event without type checks, to send what a hostile or broken client would. */
export function emitRaw(socket: TestSocket, event: string, ...args: unknown[]): Promise<Ack<unknown>> {
  return new Promise((resolve) => {
    (socket as unknown as { emit: (e: string, ...a: unknown[]) => void }).emit(event, ...args, (ack: Ack<unknown>) =>
      resolve(ack),
    );
  });
}
