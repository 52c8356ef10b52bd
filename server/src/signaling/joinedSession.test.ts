import { describe, expect, it } from 'vitest';
import type { Identity } from '@diem-cau/shared';
import { AppError } from '../errors/AppError.js';
import { joinedSession } from './joinedSession.js';
import type { IoSocket } from './types.js';

const identity: Identity = { subject: 'x', role: 'member' };
const socketWith = (sessionId?: string): IoSocket => ({ data: { identity, sessionId } }) as unknown as IoSocket;

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).code;
  }
  return undefined;
}

describe('joinedSession', () => {
  it('returns the joined session id', () => {
    expect(joinedSession({ socket: socketWith('s-1'), identity })).toBe('s-1');
  });

  it('throws CONFLICT before session:join', () => {
    expect(codeOf(() => joinedSession({ socket: socketWith(), identity }))).toBe('CONFLICT');
  });

  it('refuses a token bound to another session', () => {
    const bound: Identity = { ...identity, sessionId: 's-2' };
    expect(codeOf(() => joinedSession({ socket: socketWith('s-1'), identity: bound }))).toBe('FORBIDDEN');
    expect(joinedSession({ socket: socketWith('s-2'), identity: bound })).toBe('s-2');
  });
});
