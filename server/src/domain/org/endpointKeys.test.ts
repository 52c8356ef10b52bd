import { describe, expect, it } from 'vitest';
import { generateEndpointKey, hashEndpointKey, isKeyVersionCurrent } from './endpointKeys.js';

describe('endpoint keys', () => {
  it('are 32 random bytes in base64url, different every time', () => {
    const a = generateEndpointKey();
    const b = generateEndpointKey();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(a).not.toBe(b);
  });

  it('hash deterministically to SHA-256 and never to the key itself', () => {
    const key = generateEndpointKey();
    expect(hashEndpointKey(key)).toBe(hashEndpointKey(key));
    expect(hashEndpointKey(key)).not.toBe(key);
    expect(Buffer.from(hashEndpointKey(key), 'base64url')).toHaveLength(32);
    expect(hashEndpointKey(key)).not.toBe(hashEndpointKey(generateEndpointKey()));
  });

  it('accept a token only with the current, issued key version', () => {
    expect(isKeyVersionCurrent(3, 3)).toBe(true);
    expect(isKeyVersionCurrent(2, 3)).toBe(false); // rotated since the token was issued
    expect(isKeyVersionCurrent(undefined, 3)).toBe(false); // token without a version
    expect(isKeyVersionCurrent(0, 0)).toBe(false); // no key was ever issued
  });
});
