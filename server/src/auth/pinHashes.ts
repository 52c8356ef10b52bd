import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { resolveAuthSecret } from './secret.js';
import type { Config } from '../config/config.js';
import { perContext } from '../context/perContext.js';
import { hashingGate, type HashingGate } from './hashingGate.js';
import { verifySecret } from './passwords.js';

const PREFIX = 'pin-hmac$v1$';
const SALT_BYTES = 16;

/**
 * Member PINs are stored as HMAC-SHA256(key, salt ‖ PIN), with the key derived from the server's
 * auth secret (HKDF, its own label) and so kept outside the database.
 *
 * Why not Argon2 like passwords: a PIN has 6 digits (≈ 20 bits). Argon2 at ~30 ms per guess lets a
 * stolen database be searched through all million PINs in about a core-day, so its cost protects
 * little; a keyed hash makes the stolen rows worthless without the key, and costs microseconds. That
 * is what lets a province's 26,000 phones sign in during a morning's arrival (Argon2 held this box
 * to ~23 sign-ins/s) and a commune's PIN slips be printed in a second. Online guessing is stopped by
 * the sign-in limits and the lock (signInLimiter.ts), as before.
 *
 * PINs hashed with Argon2 before this change still verify (through the hashing gate) and are
 * rewritten in the new form on the member's next successful sign-in. Changing AUTH_SECRET makes every
 * PIN invalid: re-issue the slips (README, "Secrets").
 */
export class PinHashes {
  readonly #key: Buffer;
  readonly #gate: HashingGate | null;

  /** `gate` bounds the Argon2 checks of old PINs; without one (a process that only issues PINs) they run directly. */
  constructor(authSecret: string, gate: HashingGate | null) {
    this.#key = Buffer.from(
      hkdfSync('sha256', Buffer.from(authSecret, 'utf8'), Buffer.from('diem-cau'), Buffer.from('member-pin/v1'), 32),
    );
    this.#gate = gate;
  }

  hash(pin: string): string {
    const salt = randomBytes(SALT_BYTES);
    return `${PREFIX}${salt.toString('base64url')}$${this.#mac(salt, pin).toString('base64url')}`;
  }

  /** False for a wrong PIN or a malformed stored value; never throws for those (a full gate still throws). */
  async verify(stored: string, pin: string): Promise<boolean> {
    if (isLegacy(stored)) return this.#gate ? this.#gate.verify(stored, pin) : verifySecret(stored, pin);
    if (!stored.startsWith(PREFIX)) return false;
    const [salt, mac] = stored.slice(PREFIX.length).split('$');
    if (!salt || !mac) return false;
    const expected = Buffer.from(mac, 'base64url');
    const actual = this.#mac(Buffer.from(salt, 'base64url'), pin);
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }

  /** The cost of a check against no member, so an unknown number answers like a wrong PIN. */
  burn(pin: string): void {
    this.#mac(randomBytes(SALT_BYTES), pin);
  }

  /** A stored value from before keyed hashes, to be rewritten after the next right PIN. */
  needsRehash(stored: string): boolean {
    return !stored.startsWith(PREFIX);
  }

  #mac(salt: Buffer, pin: string): Buffer {
    return createHmac('sha256', this.#key).update(salt).update(pin, 'utf8').digest();
  }
}

function isLegacy(stored: string): boolean {
  return stored.startsWith('$argon2');
}

/** For code that has a config but no app (the job worker, the demo seed). */
export function pinHashesFor(
  config: Pick<Config, 'authSecret' | 'dataDir'>,
  gate: HashingGate | null = null,
): PinHashes {
  return new PinHashes(resolveAuthSecret(config.authSecret, config.dataDir), gate);
}

/** One per app, sharing its hashing gate for the Argon2 PINs that remain. */
export const pinHashes = perContext((ctx) => pinHashesFor(ctx.config, hashingGate(ctx)));
