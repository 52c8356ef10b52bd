import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrgFixture, type OrgFixture } from '../support/orgFixture.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

/** An endpoint's sign-in as a TV at `ip` (the app trusts X-Forwarded-For from its loopback proxy). */
async function endpointSignIn(t: TestApp, endpointKey: string, sessionId: string, ip: string) {
  const res = await fetch(`${t.url}/api/auth/endpoint`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ endpointKey, sessionId }),
  });
  const body = (await res.json()) as { error?: { code: string } };
  return { status: res.status, code: body.error?.code ?? 'OK', retryAfter: res.headers.get('retry-after') };
}

describe('the failure limit of guessable routes (endpoint sign-in: 20 failures a minute per address)', () => {
  let t: TestApp;
  let f: OrgFixture;

  beforeAll(async () => {
    t = await startTestApp();
    f = await buildOrgFixture(t);
  });
  afterAll(async () => t?.close());

  it('lets 60 TVs behind one address sign in at the same moment: successes never count', async () => {
    const replies = await Promise.all(
      Array.from({ length: 60 }, () => endpointSignIn(t, f.keys.a1, f.sessionId, '10.40.0.1')),
    );
    expect(replies.map((r) => r.code)).toEqual(Array(60).fill('OK'));
  });

  it('refuses an address after 20 wrong keys, with Retry-After, even its right key; other addresses go on', async () => {
    for (let i = 0; i < 20; i++)
      expect((await endpointSignIn(t, `wrong-key-of-twenty-chars-${i}`, f.sessionId, '10.40.0.2')).code).toBe(
        'UNAUTHENTICATED',
      );
    const limited = await endpointSignIn(t, 'wrong-key-of-twenty-chars-x', f.sessionId, '10.40.0.2');
    expect(limited).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(Number(limited.retryAfter)).toBeGreaterThanOrEqual(1);
    expect((await endpointSignIn(t, f.keys.a1, f.sessionId, '10.40.0.2')).code).toBe('RATE_LIMITED');
    expect((await endpointSignIn(t, f.keys.a1, f.sessionId, '10.40.0.3')).code).toBe('OK');
  });

  it('bounds concurrent wrong keys: at most the limit plus the in-flight allowance are tried', async () => {
    const replies = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        endpointSignIn(t, `flood-key-of-twenty-chars-${i}`, f.sessionId, '10.40.0.4'),
      ),
    );
    const tried = replies.filter((r) => r.code === 'UNAUTHENTICATED').length;
    expect(replies.every((r) => r.code === 'UNAUTHENTICATED' || r.code === 'RATE_LIMITED')).toBe(true);
    expect(tried).toBeGreaterThanOrEqual(20);
    expect(tried).toBeLessThanOrEqual(20 + 100);
    expect((await endpointSignIn(t, 'after-key-of-twenty-chars', f.sessionId, '10.40.0.4')).code).toBe('RATE_LIMITED');
  });
});
