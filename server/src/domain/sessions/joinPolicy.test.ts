import { describe, expect, it } from 'vitest';
import type { ErrorCode, Identity } from '@diem-cau/shared';
import { AppError } from '../../errors/AppError.js';
import { assertMayJoin, type JoinFacts } from './joinPolicy.js';

const S = 'session-a';
const scheduled: JoinFacts['session'] = { id: S, status: 'scheduled', hostAccountId: 'host-1' };

function refusal(identity: Identity, facts: JoinFacts, sessionId = S): ErrorCode | 'ok' {
  try {
    assertMayJoin(identity, sessionId, facts);
    return 'ok';
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

describe('session join policy', () => {
  const endpoint: Identity = { subject: 'ep-1', role: 'endpoint', sessionId: S, keyVersion: 2 };

  it('admits the session host and admins, refuses other hosts', () => {
    expect(refusal({ subject: 'host-1', role: 'host' }, { session: scheduled })).toBe('ok');
    expect(refusal({ subject: 'admin-1', role: 'admin' }, { session: scheduled })).toBe('ok');
    expect(refusal({ subject: 'host-2', role: 'host' }, { session: scheduled })).toBe('FORBIDDEN');
  });

  it('admits an invited endpoint with a current key, bound to this session', () => {
    expect(refusal(endpoint, { session: scheduled, endpoint: { invited: true, keyVersion: 2 } })).toBe('ok');
    expect(refusal(endpoint, { session: scheduled, endpoint: { invited: false, keyVersion: 2 } })).toBe('FORBIDDEN');
    expect(refusal(endpoint, { session: scheduled, endpoint: { invited: true, keyVersion: 3 } })).toBe(
      'UNAUTHENTICATED',
    );
    expect(
      refusal(
        { ...endpoint, sessionId: undefined },
        { session: scheduled, endpoint: { invited: true, keyVersion: 2 } },
      ),
    ).toBe('FORBIDDEN');
  });

  it('refuses a token bound to another session before saying whether this one exists', () => {
    expect(refusal(endpoint, { session: undefined }, 'session-b')).toBe('FORBIDDEN');
    expect(refusal({ subject: 'm-1', role: 'member', sessionId: S }, { session: undefined }, 'session-b')).toBe(
      'FORBIDDEN',
    );
    expect(refusal({ subject: 'host-1', role: 'host' }, { session: undefined }, 'session-b')).toBe('NOT_FOUND');
  });

  it('admits members with an unbound token or one bound to this session', () => {
    expect(refusal({ subject: 'm-1', role: 'member' }, { session: scheduled })).toBe('ok');
    expect(
      refusal({ subject: 'm-1', role: 'member', sessionId: S }, { session: { ...scheduled, status: 'live' } }),
    ).toBe('ok');
  });

  it('refuses draft and ended sessions with CONFLICT', () => {
    for (const status of ['draft', 'ended'] as const) {
      expect(refusal({ subject: 'host-1', role: 'host' }, { session: { ...scheduled, status } })).toBe('CONFLICT');
      expect(refusal(endpoint, { session: { ...scheduled, status }, endpoint: { invited: true, keyVersion: 2 } })).toBe(
        'CONFLICT',
      );
    }
  });
});
