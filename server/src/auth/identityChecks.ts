import type { Identity } from '@diem-cau/shared';
import { perContext } from '../context/perContext.js';
import type { AppContext } from '../context/types.js';

/**
 * A check a valid signature alone cannot make (an endpoint key rotated since the token was issued,
 * an account removed…): it throws UNAUTHENTICATED to refuse the identity. The domain that knows the
 * fact registers it at start, so authentication never imports a domain.
 */
export type IdentityCheck = (identity: Identity) => Promise<void>;

const checksOf = perContext<IdentityCheck[]>(() => []);

export function addIdentityCheck(ctx: AppContext, check: IdentityCheck): void {
  checksOf(ctx).push(check);
}

/** Runs every registered check on an identity whose token already verified. */
export async function assertIdentityCurrent(ctx: AppContext, identity: Identity): Promise<void> {
  for (const check of checksOf(ctx)) await check(identity);
}

/** Signature, expiry, then every registered check: the identity a bearer token speaks for. */
export async function verifyAccessToken(ctx: AppContext, token: string): Promise<Identity> {
  const identity = await ctx.tokens.verify(token);
  await assertIdentityCurrent(ctx, identity);
  return identity;
}
