import { describe, expect, it } from 'vitest';
import { hashSecret } from './passwords.js';
import { PinHashes } from './pinHashes.js';

describe('member PIN hashes', () => {
  const pins = new PinHashes('a server secret of some length', null);

  it('is keyed and salted, and verifies only the right PIN', async () => {
    const a = pins.hash('123456');
    const b = pins.hash('123456');
    expect(a).toMatch(/^pin-hmac\$v1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('123456');
    expect(await pins.verify(a, '123456')).toBe(true);
    expect(await pins.verify(a, '123457')).toBe(false);
    expect(await pins.verify(a, '')).toBe(false);
    expect(pins.needsRehash(a)).toBe(false);
  });

  it('refuses a hash made with another secret: the stored rows are worthless without the key', async () => {
    const other = new PinHashes('another secret', null);
    expect(await other.verify(pins.hash('123456'), '123456')).toBe(false);
  });

  it('answers false, not an exception, for a malformed stored value', async () => {
    for (const bad of ['', 'pin-hmac$v1$', 'pin-hmac$v1$abc', 'pin-hmac$v1$abc$', 'plain', 'pin-hmac$v2$a$b'])
      expect(await pins.verify(bad, '123456')).toBe(false);
    expect(() => pins.burn('123456')).not.toThrow();
  });

  it('still verifies a PIN stored as Argon2 by an earlier version, and marks it for rewriting', async () => {
    const old = await hashSecret('654321');
    expect(await pins.verify(old, '654321')).toBe(true);
    expect(await pins.verify(old, '654320')).toBe(false);
    expect(pins.needsRehash(old)).toBe(true);
  });
});
