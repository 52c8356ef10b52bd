import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { CHECKIN_CODE_ALPHABET, CHECKIN_CODE_LENGTH } from '@diem-cau/shared';

/** Codes change every 30 s. */
export const CHECKIN_STEP_MS = 30_000;
/** The previous code is still accepted this long after it changed (typing takes a moment). */
export const CHECKIN_PREVIOUS_GRACE_MS = 15_000;
/** How far back a refused code is recognised as an expired one (for the message), in steps. */
const EXPIRED_LOOKBACK_STEPS = 20;

/**
 * The key for check-in codes, derived from the server's auth secret (HKDF-SHA256 with its own
 * label), so the token-signing key is never used directly for codes.
 */
export function deriveCheckinKey(authSecret: string): Buffer {
  return Buffer.from(
    hkdfSync('sha256', Buffer.from(authSecret, 'utf8'), Buffer.from('diem-cau'), Buffer.from('checkin-code/v1'), 32),
  );
}

export function stepAt(nowMs: number): number {
  return Math.floor(nowMs / CHECKIN_STEP_MS);
}

/**
 * The code an endpoint shows during one 30-s step: HMAC-SHA256(key, session | endpoint | step),
 * its first 48 bits written in a 31-letter alphabet (6 characters, about 29.7 bits). Nothing is
 * stored per code: the server recomputes it to check a submission.
 */
export function checkinCode(key: Buffer, sessionId: string, endpointId: string, step: number): string {
  const mac = createHmac('sha256', key).update(`checkin|${sessionId}|${endpointId}|${step}`).digest();
  let n = mac.readUIntBE(0, 6);
  const base = CHECKIN_CODE_ALPHABET.length;
  let out = '';
  for (let i = 0; i < CHECKIN_CODE_LENGTH; i++) {
    out += CHECKIN_CODE_ALPHABET[n % base];
    n = Math.floor(n / base);
  }
  return out;
}

const same = (a: string, b: string): boolean =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export type CodeCheck = { ok: true; endpointId: string; step: number } | { ok: false; reason: 'expired' | 'invalid' };

/**
 * Which endpoint (of `endpointIds`) shows `code` now: the current step's code, or the previous
 * step's within CHECKIN_PREVIOUS_GRACE_MS of the change. An older code of one of them is `expired`;
 * anything else (another session's, another endpoint's when one is named, made up) is `invalid`.
 */
export function verifyCheckinCode(
  key: Buffer,
  sessionId: string,
  endpointIds: readonly string[],
  code: string,
  nowMs: number,
): CodeCheck {
  const current = stepAt(nowMs);
  const previousAccepted = nowMs - current * CHECKIN_STEP_MS < CHECKIN_PREVIOUS_GRACE_MS;
  const steps = previousAccepted ? [current, current - 1] : [current];
  for (const step of steps) {
    for (const endpointId of endpointIds) {
      if (same(checkinCode(key, sessionId, endpointId, step), code)) return { ok: true, endpointId, step };
    }
  }
  for (let step = steps.at(-1)! - 1; step >= current - EXPIRED_LOOKBACK_STEPS; step--) {
    for (const endpointId of endpointIds) {
      if (same(checkinCode(key, sessionId, endpointId, step), code)) return { ok: false, reason: 'expired' };
    }
  }
  return { ok: false, reason: 'invalid' };
}
