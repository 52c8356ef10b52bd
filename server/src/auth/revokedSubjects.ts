import type { AppContext } from '../context/types.js';

const keyOf = (ctx: AppContext, subject: string): string => `${ctx.redisPrefix}:revoked-subject:${subject}`;

/**
 * Revokes every token of a subject before it expires (a member deleted): a Redis key shared by
 * every node, kept as long as a token issued now can live. New sockets of the subject are refused
 * at the handshake (auth/socketIdentityGuard.ts); the caller disconnects the open ones with
 * `ctx.live.disconnect({ subject })`. REST requests of a removed subject find its rows gone.
 * Endpoints are revoked by their key version instead (OrgService.rotateKey).
 */
export async function revokeSubject(ctx: AppContext, subject: string): Promise<void> {
  await ctx.redis.main.set(keyOf(ctx, subject), new Date().toISOString(), 'EX', ctx.config.accessTokenTtlSeconds);
}

export async function isSubjectRevoked(ctx: AppContext, subject: string): Promise<boolean> {
  return (await ctx.redis.main.exists(keyOf(ctx, subject))) === 1;
}
