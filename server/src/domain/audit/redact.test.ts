import { describe, expect, it } from 'vitest';
import { changedFields, redact } from './redact.js';

describe('audit redaction', () => {
  it('drops every field that names a secret, at any depth', () => {
    expect(
      redact({
        pin: '123456',
        pin_hash: 'x',
        passwordHash: 'x',
        endpointKey: 'k',
        key: 'k',
        secret: 's',
        token: 't',
        pairingLink: 'https://x/pair#key=k',
        nested: { newPin: '1', currentPin: '2', keep: 1 },
        list: [{ password: 'p', name: 'A' }],
        hasPin: true,
        keyVersion: 2,
        undef: undefined,
      }),
    ).toEqual({ nested: { keep: 1 }, list: [{ name: 'A' }], hasPin: true, keyVersion: 2 });
  });

  it('keeps only the fields that changed', () => {
    expect(changedFields({ a: 1, b: 'x', c: [1] }, { a: 1, b: 'y', c: [1, 2] })).toEqual({
      before: { b: 'x', c: [1] },
      after: { b: 'y', c: [1, 2] },
    });
    expect(changedFields({ phone: null }, { phone: '09' })).toEqual({
      before: { phone: null },
      after: { phone: '09' },
    });
  });
});
