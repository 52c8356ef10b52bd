import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { ClientRequestName } from '@diem-cau/shared';
import { AppError } from '../errors/AppError.js';
import type { HandlerTable, RequestHandlerSpec } from './types.js';

export interface SocketRateLimits {
  /** Requests a socket may send every second, steadily. */
  perSecond: number;
  /** Extra requests allowed in bursts (a page (re)starting its media), refilled over `burstWindowSeconds`. */
  burst: number;
  burstWindowSeconds: number;
}

/**
 * A page starting its media sends about 2 requests per producer plus a handful (about 20 for a
 * host camera, microphone, screen and a floor holder); it then reports stats every 4 s.
 */
export const BROADCAST_RATE_LIMITS: SocketRateLimits = { perSecond: 5, burst: 40, burstWindowSeconds: 10 };

/**
 * A token bucket per socket (rate-limiter-flexible's steady limiter plus a burst allowance, kept in
 * this process's memory and forgotten once a window passes without requests).
 */
export class SocketRateLimiter {
  readonly #limiter: BurstyRateLimiter;

  constructor(limits: SocketRateLimits = BROADCAST_RATE_LIMITS) {
    this.#limiter = new BurstyRateLimiter(
      new RateLimiterMemory({ keyPrefix: 'broadcast', points: limits.perSecond, duration: 1 }),
      new RateLimiterMemory({
        keyPrefix: 'broadcast-burst',
        points: limits.burst,
        duration: limits.burstWindowSeconds,
      }),
    );
  }

  /** Takes one token for `key`; RATE_LIMITED when none is left. */
  async take(key: string): Promise<void> {
    try {
      await this.#limiter.consume(key);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      const retryAfterMs = Math.max(0, Math.ceil(error.msBeforeNext));
      throw new AppError('RATE_LIMITED', `Too many requests from this connection; retry in ${retryAfterMs} ms`, {
        details: [{ path: 'retryAfterMs', message: String(retryAfterMs) }],
      });
    }
  }
}

function limitOne<K extends ClientRequestName>(
  spec: RequestHandlerSpec<K>,
  limiter: SocketRateLimiter,
): RequestHandlerSpec<K> {
  return {
    ...spec,
    handle: async (ctx, payload) => {
      await limiter.take(ctx.socket.id);
      return spec.handle(ctx, payload);
    },
  };
}

/**
 * The same handlers, each taking a token from the sending socket's bucket first (after the role
 * and schema checks of signaling/bindHandlers.ts). All events of the table share one bucket.
 */
export function rateLimited(table: HandlerTable, limiter: SocketRateLimiter): HandlerTable {
  const limited: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(table) as [ClientRequestName, RequestHandlerSpec<ClientRequestName>][]) {
    limited[name] = limitOne(spec, limiter);
  }
  return limited as HandlerTable;
}
