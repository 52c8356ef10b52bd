import { perContext } from '../context/perContext.js';
import { AppError } from '../errors/AppError.js';
import { burnVerifyTime, hashSecret, verifySecret } from './passwords.js';

export interface HashingGateLimits {
  /** Argon2 operations running at once. */
  concurrency: number;
  /** Operations that may wait for a slot; one more is refused at once. */
  queue: number;
}

/** The gate is full: the caller retries in a moment (the client shows "busy"). */
export const hashingBusy = () =>
  new AppError('UNAVAILABLE', 'The server is busy checking other sign-ins; try again in a moment', {
    retryAfterSeconds: 1,
  });

/**
 * Bounds the Argon2 work of requests (sign-ins, PIN changes and re-issues): at most `concurrency`
 * hashes or verifications run at once (each takes about 19 MiB and a core for tens of milliseconds
 * on @node-rs/argon2's own threads), at most `queue` wait in order, and anything beyond is refused
 * with UNAVAILABLE at once. So a flood of sign-ins costs bounded CPU and memory and never grows a
 * queue without end, while the event loop keeps answering everything else.
 *
 * The bulk PIN job (org/sheets/issuePins.ts) does not pass here: it is a background job with its
 * own lane of two hashes at a time, and must not be refused when sign-ins are busy.
 */
export class HashingGate {
  readonly #limits: HashingGateLimits;
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(limits: HashingGateLimits) {
    this.#limits = limits;
  }

  /** Runs `work` when a slot is free; throws `hashingBusy()` at once when the queue is full. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#running < this.#limits.concurrency) this.#running++;
    else if (this.#waiting.length < this.#limits.queue) await new Promise<void>((go) => this.#waiting.push(go));
    else throw hashingBusy();
    try {
      return await work();
    } finally {
      // The slot passes straight to the next waiter, so `running` never exceeds the limit.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }

  verify(storedHash: string, secret: string): Promise<boolean> {
    return this.run(() => verifySecret(storedHash, secret));
  }

  /** The cost of a verification against no account, so an unknown name answers like a wrong secret. */
  burn(secret: string): Promise<void> {
    return this.run(() => burnVerifyTime(secret));
  }

  hash(secret: string): Promise<string> {
    return this.run(() => hashSecret(secret));
  }

  /** For metrics and tests. */
  get load(): { running: number; waiting: number } {
    return { running: this.#running, waiting: this.#waiting.length };
  }
}

/** One gate per app (per node), sized by SIGNIN_HASH_CONCURRENCY and SIGNIN_HASH_QUEUE. */
export const hashingGate = perContext(
  (ctx) => new HashingGate({ concurrency: ctx.config.signIn.hashConcurrency, queue: ctx.config.signIn.hashQueue }),
);
