import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/AppError.js';
import { TokenService } from './tokens.js';

const SECRET = 'a'.repeat(48);

describe('TokenService', () => {
  it('round-trips an identity', async () => {
    const tokens = new TokenService(SECRET, 60);
    const token = await tokens.sign({ subject: 'ep-1', role: 'endpoint', sessionId: 's-1' });
    await expect(tokens.verify(token)).resolves.toEqual({ subject: 'ep-1', role: 'endpoint', sessionId: 's-1' });
  });

  it('tells when a token expires (its exp claim), without adding it to the identity', async () => {
    const tokens = new TokenService(SECRET, 60);
    const before = Math.floor(Date.now() / 1000) * 1000;
    const verified = await tokens.verifyToken(await tokens.sign({ subject: 'h', role: 'host' }, 90));
    expect(verified.identity).toEqual({ subject: 'h', role: 'host' });
    expect(verified.expiresAt).toBeGreaterThanOrEqual(before + 90_000);
    expect(verified.expiresAt).toBeLessThanOrEqual(Date.now() + 90_000);
  });

  it('refuses expired tokens, other secrets and garbage with UNAUTHENTICATED', async () => {
    const tokens = new TokenService(SECRET, 60);
    const other = new TokenService('b'.repeat(48), 60);
    const expired = await tokens.sign({ subject: 'h', role: 'host' }, -1);
    const foreign = await other.sign({ subject: 'h', role: 'admin' });
    for (const bad of [expired, foreign, 'not-a-jwt']) {
      const error = await tokens.verify(bad).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses a token whose role is not one of ours', async () => {
    const tokens = new TokenService(SECRET, 60);
    await expect(tokens.sign({ subject: 'x', role: 'superuser' as never })).rejects.toThrow();
  });
});
