import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Config } from '../config/config.js';
import { perContext } from '../context/perContext.js';
import { outageOf } from '../errors/unavailable.js';

/** Which secret a sign-in tries: a member's PIN or a staff account's password. */
export type SignInKind = 'member' | 'staff';

export interface SignInAttempt {
  kind: SignInKind;
  /** The client address as the HTTP layer sees it (`clientAddress(req)`). */
  address: string;
  /** The account name as typed (member number, username). */
  name: string;
  /** The account under that name and its current secret hash; absent when the name is unknown. */
  account?: { id: string; secretHash: string | null };
}

export type SignInVerdict =
  | { outcome: 'ok' }
  | { outcome: 'wrong' }
  /** Too many failures from this address (or on too many accounts), or on this account: wait. */
  | { outcome: 'limited'; scope: 'address' | 'account'; retryAfterSeconds: number }
  /** Too many wrong secrets in a row: locked until the secret is re-issued or the lock expires. */
  | { outcome: 'locked'; retryAfterSeconds: number };

type Limits = Config['signIn'];

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
const normalise = (name: string) => name.trim().toLowerCase().slice(0, 128);
/** Part of a lock's key: a re-issued PIN (a new Argon2 hash, new salt) starts with no lock at all. */
const fingerprint = (secretHash: string | null) =>
  secretHash === null ? 'none' : createHash('sha256').update(secretHash).digest('base64url').slice(0, 16);

/**
 * The sign-in limits of issue #14, kept in Redis so every node of a deployment shares them, each
 * counter changed atomically (rate-limiter-flexible's INCR-with-expiry script, a MULTI for the set):
 *
 * - **per address, failures** (SIGNIN_ADDRESS_FAILURES per window): a hall of a hundred phones shares
 *   one public address, so the budget is generous and successes never count;
 * - **per address, distinct accounts failed** (SIGNIN_ADDRESS_ACCOUNTS per window): an address
 *   cycling through member numbers is stopped after a few dozen names, while a hall's members who
 *   mistype and then sign in are taken off the list by their success;
 * - **per account, failures from every address** (SIGNIN_ACCOUNT_FAILURES per window);
 * - **a lock** after SIGNIN_LOCK_AFTER_FAILURES wrong secrets in a row on one account (a success
 *   resets the run). The lock's key holds a fingerprint of the stored hash, so re-issuing the PIN (one
 *   member or a bulk batch, even from the worker process) opens it at once; otherwise it expires after
 *   SIGNIN_LOCK_SECONDS. Unknown names lock the same way, so a lock tells nothing about who exists.
 *
 * The address, account and lock counters are reserved before the secret is checked and given back
 * on success, so concurrent attempts cannot check more secrets than the limits allow. The distinct
 * accounts are added after a failure (a success must never count, even for a moment, or a hall
 * signing in at once would trip it); concurrent attempts may pass that check together, but never the
 * address's failure budget.
 */
export class SignInLimiter {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #limits: Limits;
  readonly #address: RateLimiterRedis;
  readonly #account: RateLimiterRedis;
  readonly #lock: RateLimiterRedis;

  constructor(deps: { redis: Redis; redisPrefix: string; limits: Limits }) {
    this.#redis = deps.redis;
    this.#prefix = `${deps.redisPrefix}:signin`;
    this.#limits = deps.limits;
    const limiter = (name: string, points: number, duration: number) =>
      new RateLimiterRedis({ storeClient: deps.redis, keyPrefix: `${this.#prefix}:${name}`, points, duration });
    this.#address = limiter('address', deps.limits.addressFailures, deps.limits.addressWindowSeconds);
    this.#account = limiter('account', deps.limits.accountFailures, deps.limits.accountWindowSeconds);
    this.#lock = limiter('lock', deps.limits.lockAfterFailures, deps.limits.lockSeconds);
  }

  /**
   * Checks the limits, runs `verify` (the Argon2 check, true for the right secret) only if they
   * allow it, and counts the outcome. An error of `verify` (a full hashing gate) counts nothing.
   */
  async attempt(attempt: SignInAttempt, verify: () => Promise<boolean>): Promise<SignInVerdict> {
    const name = `${attempt.kind}:${normalise(attempt.name)}`;
    const lockKey = attempt.account
      ? `${attempt.kind}:${attempt.account.id}:${fingerprint(attempt.account.secretHash)}`
      : `${name}:unknown`;
    const namesKey = `${this.#prefix}:names:${attempt.address}`;

    const names = await this.#namesRefusal(namesKey, name);
    if (names !== undefined) return { outcome: 'limited', scope: 'address', retryAfterSeconds: names };

    const [address, account, lock] = await Promise.allSettled([
      this.#address.consume(attempt.address),
      this.#account.consume(name),
      this.#lock.consume(lockKey),
    ]);
    const refund = async () => {
      await Promise.all([
        address.status === 'fulfilled' && this.#address.reward(attempt.address),
        account.status === 'fulfilled' && this.#account.reward(name),
        lock.status === 'fulfilled' && this.#lock.reward(lockKey),
      ]);
    };
    if (lock.status === 'rejected') {
      await refund();
      return { outcome: 'locked', retryAfterSeconds: retryAfter(lock.reason) };
    }
    if (account.status === 'rejected') {
      await refund();
      return { outcome: 'limited', scope: 'account', retryAfterSeconds: retryAfter(account.reason) };
    }
    if (address.status === 'rejected') {
      await refund();
      return { outcome: 'limited', scope: 'address', retryAfterSeconds: retryAfter(address.reason) };
    }

    let right: boolean;
    try {
      right = await verify();
    } catch (error) {
      await refund();
      throw error;
    }
    if (right) {
      await Promise.all([
        this.#address.reward(attempt.address),
        this.#account.reward(name),
        this.#lock.delete(lockKey),
        this.#redis.zrem(namesKey, name),
      ]);
      return { outcome: 'ok' };
    }
    const windowMs = this.#limits.addressAccountsWindowSeconds * 1000;
    await this.#redis.multi().zadd(namesKey, Date.now(), name).pexpire(namesKey, windowMs).exec();
    if (lock.value.consumedPoints >= this.#limits.lockAfterFailures)
      await this.#lock.block(lockKey, this.#limits.lockSeconds);
    return { outcome: 'wrong' };
  }

  /**
   * An administrator issued a new secret for this name: its failures are forgiven (the old lock is
   * moot). Best effort, after the new secret is stored: while Redis is unreachable the failures just
   * run out their window, and the administrator still gets the new PIN (false is returned).
   */
  async forgive(kind: SignInKind, name: string): Promise<boolean> {
    try {
      await this.#account.delete(`${kind}:${normalise(name)}`);
      return true;
    } catch (error) {
      if (outageOf(error)) return false;
      throw error;
    }
  }

  /** Seconds to wait when the address has failed on too many other accounts lately; undefined to go on. */
  async #namesRefusal(namesKey: string, name: string): Promise<number | undefined> {
    const windowMs = this.#limits.addressAccountsWindowSeconds * 1000;
    const now = Date.now();
    const replies = await this.#redis
      .multi()
      .zremrangebyscore(namesKey, '-inf', now - windowMs)
      .zcard(namesKey)
      .zscore(namesKey, name)
      .zrange(namesKey, 0, 0, 'WITHSCORES')
      .exec();
    if (!replies) throw new Error('redis transaction aborted');
    for (const [error] of replies) if (error) throw error;
    const count = Number(replies[1]?.[1]);
    const known = replies[2]?.[1] !== null;
    if (known || count < this.#limits.addressAccounts) return undefined;
    const oldest = Number((replies[3]?.[1] as string[] | undefined)?.[1] ?? now);
    return seconds(oldest + windowMs - now);
  }
}

function retryAfter(reason: unknown): number {
  if (reason instanceof RateLimiterRes) return seconds(reason.msBeforeNext);
  throw reason; // Redis itself failed
}

/** One limiter per app; its counters live in the deployment's Redis (ctx.redisPrefix). */
export const signInLimiter = perContext(
  (ctx) => new SignInLimiter({ redis: ctx.redis.main, redisPrefix: ctx.redisPrefix, limits: ctx.config.signIn }),
);
