import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/AppError.js';
import { requireJoinedSession } from './requireJoinedSession.js';
import type { IoSocket } from './types.js';

const socketWith = (sessionId?: string): IoSocket =>
  ({ data: { identity: { subject: 'x', role: 'member' }, sessionId } }) as unknown as IoSocket;

describe('requireJoinedSession', () => {
  it('returns the joined session id', () => {
    expect(requireJoinedSession({ socket: socketWith('s-1') })).toBe('s-1');
  });

  it('throws CONFLICT before session:join', () => {
    let caught: unknown;
    try {
      requireJoinedSession({ socket: socketWith() });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('CONFLICT');
  });
});
