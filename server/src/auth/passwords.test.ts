import { describe, expect, it } from 'vitest';
import { burnVerifyTime, generatePassword, generatePin, hashSecret, verifySecret } from './passwords.js';

describe('password and PIN hashing', () => {
  it('hashes with Argon2id, salted, and verifies only the right secret', async () => {
    const a = await hashSecret('correct horse battery');
    const b = await hashSecret('correct horse battery');
    expect(a).toMatch(/^\$argon2id\$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('correct');
    expect(await verifySecret(a, 'correct horse battery')).toBe(true);
    expect(await verifySecret(a, 'correct horse batterY')).toBe(false);
    expect(await verifySecret(b, '')).toBe(false);
  });

  it('answers false, not an exception, for a malformed stored hash', async () => {
    expect(await verifySecret('not-a-hash', 'x')).toBe(false);
    await expect(burnVerifyTime('anything')).resolves.toBeUndefined();
  });

  it('generates well-formed random passwords and PINs', () => {
    expect(generatePassword()).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect(generatePassword()).not.toBe(generatePassword());
    const pins = Array.from({ length: 50 }, generatePin);
    for (const pin of pins) expect(pin).toMatch(/^\d{6}$/);
    expect(new Set(pins).size).toBeGreaterThan(1);
  });
});
