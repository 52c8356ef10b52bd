import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../logging/logger.js';
import { endAtTokenExpiry, tokenExpired } from './tokenExpiry.js';
import type { IoSocket } from './types.js';

const DAY = 86_400_000;
const log = createLogger('silent');

/** Just what the expiry timer touches: data, connected, disconnect and the disconnect event. */
function fakeSocket(expiresInMs: number): IoSocket & { ended: number } {
  const socket = Object.assign(new EventEmitter(), {
    data: { tokenExpiresAt: Date.now() + expiresInMs },
    connected: true,
    ended: 0,
    disconnect() {
      socket.connected = false;
      socket.ended++;
      socket.emit('disconnect', 'server namespace disconnect');
      return socket;
    },
  });
  return socket as unknown as IoSocket & { ended: number };
}

describe('ending a socket at its token expiry', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('disconnects once the token expires, never synchronously', () => {
    const socket = fakeSocket(0);
    endAtTokenExpiry(socket, log);
    expect(socket.ended).toBe(0);
    vi.advanceTimersByTime(0);
    expect(socket.ended).toBe(1);
  });

  it('waits for the expiry', () => {
    const socket = fakeSocket(5_000);
    endAtTokenExpiry(socket, log);
    vi.advanceTimersByTime(4_999);
    expect(socket.ended).toBe(0);
    expect(tokenExpired(socket)).toBe(false);
    vi.advanceTimersByTime(1);
    expect(socket.ended).toBe(1);
  });

  it("reaches an expiry beyond setTimeout's range (a paired TV's credential) in steps", () => {
    const socket = fakeSocket(400 * DAY);
    endAtTokenExpiry(socket, log);
    vi.advanceTimersByTime(30 * DAY);
    expect(socket.ended).toBe(0);
    vi.advanceTimersByTime(369 * DAY);
    expect(socket.ended).toBe(0);
    vi.advanceTimersByTime(DAY);
    expect(socket.ended).toBe(1);
  });

  it('forgets the timer when the socket disconnects first', () => {
    const socket = fakeSocket(1_000);
    endAtTokenExpiry(socket, log);
    socket.disconnect();
    vi.advanceTimersByTime(2_000);
    expect(socket.ended).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });
});
