import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { isLoopbackAddress, presentsOperationsToken } from './operationsAccess.js';

const withAuthorization = (authorization?: string) => ({ headers: { authorization } }) as unknown as Request;

describe('operations access', () => {
  it('recognises loopback addresses as Node writes them', () => {
    for (const ip of ['127.0.0.1', '127.8.9.10', '::ffff:127.0.0.1', '::1'])
      expect(isLoopbackAddress(ip), ip).toBe(true);
    for (const ip of [
      '10.0.0.1',
      '203.0.113.9',
      '::ffff:10.0.0.1',
      'fe80::1',
      '::',
      '',
      undefined,
      '127.0.0.1.example',
    ])
      expect(isLoopbackAddress(ip), String(ip)).toBe(false);
  });

  it('accepts exactly `Bearer <the token>`', () => {
    const token = 'a-long-enough-operations-token';
    expect(presentsOperationsToken(withAuthorization(`Bearer ${token}`), token)).toBe(true);
    expect(presentsOperationsToken(withAuthorization(`Bearer ${token}x`), token)).toBe(false);
    expect(presentsOperationsToken(withAuthorization(`Bearer x`), token)).toBe(false);
    expect(presentsOperationsToken(withAuthorization(token), token)).toBe(false);
    expect(presentsOperationsToken(withAuthorization(), token)).toBe(false);
    // No token configured: nothing matches, not even an empty bearer.
    expect(presentsOperationsToken(withAuthorization('Bearer '), undefined)).toBe(false);
  });
});
