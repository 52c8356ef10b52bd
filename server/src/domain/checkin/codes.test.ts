import { describe, expect, it } from 'vitest';
import { CHECKIN_CODE_ALPHABET } from '@diem-cau/shared';
import {
  CHECKIN_PREVIOUS_GRACE_MS,
  CHECKIN_STEP_MS,
  checkinCode,
  deriveCheckinKey,
  stepAt,
  verifyCheckinCode,
} from './codes.js';

const key = deriveCheckinKey('a-test-secret-that-is-long-enough-for-hkdf-0123456789');
const S1 = '11111111-1111-4111-8111-111111111111';
const S2 = '22222222-2222-4222-8222-222222222222';
const E1 = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const E2 = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const T = 1_900_000_020_000; // 20 s into a step

describe('check-in codes', () => {
  it('are 6 characters of the unambiguous alphabet, stable within a step, different across steps', () => {
    const code = checkinCode(key, S1, E1, stepAt(T));
    expect(code).toMatch(new RegExp(`^[${CHECKIN_CODE_ALPHABET}]{6}$`));
    expect(checkinCode(key, S1, E1, stepAt(T + 5_000))).toBe(code);
    const next = checkinCode(key, S1, E1, stepAt(T + CHECKIN_STEP_MS));
    expect(next).not.toBe(code);
  });

  it('depend on the key, the session and the endpoint', () => {
    const step = stepAt(T);
    const code = checkinCode(key, S1, E1, step);
    expect(checkinCode(deriveCheckinKey('another-secret-that-is-long-enough-0123456789abcdef'), S1, E1, step)).not.toBe(
      code,
    );
    expect(checkinCode(key, S2, E1, step)).not.toBe(code);
    expect(checkinCode(key, S1, E2, step)).not.toBe(code);
  });

  it('rotate: the current code is accepted and names its endpoint', () => {
    const code = checkinCode(key, S1, E2, stepAt(T));
    expect(verifyCheckinCode(key, S1, [E1, E2], code, T)).toEqual({ ok: true, endpointId: E2, step: stepAt(T) });
  });

  it('accept the previous step only for a small grace after the change', () => {
    const stepStart = stepAt(T) * CHECKIN_STEP_MS;
    const previous = checkinCode(key, S1, E1, stepAt(T) - 1);
    expect(verifyCheckinCode(key, S1, [E1], previous, stepStart + CHECKIN_PREVIOUS_GRACE_MS - 1).ok).toBe(true);
    expect(verifyCheckinCode(key, S1, [E1], previous, stepStart + CHECKIN_PREVIOUS_GRACE_MS)).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('refuse a stale code as expired, and a foreign or made-up code as invalid', () => {
    const stale = checkinCode(key, S1, E1, stepAt(T) - 3);
    expect(verifyCheckinCode(key, S1, [E1], stale, T)).toEqual({ ok: false, reason: 'expired' });
    const otherSession = checkinCode(key, S2, E1, stepAt(T));
    expect(verifyCheckinCode(key, S1, [E1], otherSession, T)).toEqual({ ok: false, reason: 'invalid' });
    const otherEndpoint = checkinCode(key, S1, E2, stepAt(T));
    expect(verifyCheckinCode(key, S1, [E1], otherEndpoint, T)).toEqual({ ok: false, reason: 'invalid' });
    expect(verifyCheckinCode(key, S1, [E1, E2], 'ZZZZZZ', T).ok).toBe(false);
    // A future code (clock games) is not accepted either.
    const future = checkinCode(key, S1, E1, stepAt(T) + 1);
    expect(verifyCheckinCode(key, S1, [E1], future, T).ok).toBe(false);
  });
});
