import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateWebhookSecret, signPayload, verifySignature } from './signature.js';

describe('webhook signatures', () => {
  const secret = generateWebhookSecret();
  const body = JSON.stringify({ id: 'e1', type: 'session.started', data: { sessionId: 's' } });
  const now = 1_780_000_000_000;
  const ts = Math.floor(now / 1000);

  it('is HMAC-SHA256 over "<timestamp>.<body>" in hex, prefixed v1=', () => {
    const expected = createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex');
    expect(signPayload(secret, ts, body)).toBe(`v1=${expected}`);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
  });

  it('verifies, and refuses a changed body, another secret, a stale or missing timestamp', () => {
    const sig = signPayload(secret, ts, body);
    expect(verifySignature(secret, sig, String(ts), body, now)).toBe(true);
    expect(verifySignature(secret, sig, String(ts), `${body} `, now)).toBe(false);
    expect(verifySignature(generateWebhookSecret(), sig, String(ts), body, now)).toBe(false);
    expect(verifySignature(secret, sig, String(ts), body, now + 301_000)).toBe(false);
    expect(verifySignature(secret, sig, undefined, body, now)).toBe(false);
    expect(verifySignature(secret, 'v1=zz', String(ts), body, now)).toBe(false);
  });
});
