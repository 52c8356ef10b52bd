import type { Answer, ErrorCode, StoredAnswer } from '@diem-cau/shared';
import { RequestError } from '../../../lib/socket';

/** An answer the phone sent and has no acknowledgement for yet. */
export interface PendingAnswer {
  runId: string;
  answer: Answer;
  /** The question's deadline, on the server's clock (ms). */
  deadline: number;
}

/** What the outbox keeps its entries in: the browser's localStorage, or a map in tests. */
export interface OutboxStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Answers kept after the deadline: the server takes one received up to its grace, then refuses. */
const AFTER_DEADLINE_MS = 5_000;
/** The server could not store it just now (its store or Redis is briefly down): sent again after a wait. */
const RETRY_CODES: readonly ErrorCode[] = ['UNAVAILABLE'];
/** The wait before sending again (the server's Retry-After for an outage is 2 s). */
export const RETRY_MS = 2_000;
/** Codes that settle an answer for good: resending cannot change them. */
const FINAL: readonly ErrorCode[] = ['DEADLINE_PASSED', 'FORBIDDEN', 'BAD_REQUEST', 'NOT_FOUND', 'CONFLICT'];

type Send = (runId: string, answer: Answer) => Promise<StoredAnswer>;

/** How `send` waits to try again: the server's clock (ms) and a pause (both injectable for tests). */
export interface RetryClock {
  serverNow(): number;
  wait(ms: number): Promise<void>;
}

const realClock = (offsetMs: number): RetryClock => ({
  serverNow: () => Date.now() + offsetMs,
  wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
});

/**
 * The phone's outbox of answers: an answer is written here before it is sent and removed only when
 * the server acknowledged it (stored) or refused it for good. After a reconnect (or a reload of the
 * page) `resend` sends what is left, until the deadline; the server stores each answer once and
 * answers a resend with the stored one, so sending twice is harmless.
 */
export class AnswerOutbox {
  readonly #storage: OutboxStorage;
  readonly #key: string;

  /** `owner` keeps members apart on a shared phone (the member and session the answers belong to). */
  constructor(storage: OutboxStorage, owner: string) {
    this.#storage = storage;
    this.#key = `diem-cau:answers:${owner}`;
  }

  pending(): PendingAnswer[] {
    try {
      const parsed: unknown = JSON.parse(this.#storage.getItem(this.#key) ?? '[]');
      return Array.isArray(parsed) ? (parsed as PendingAnswer[]) : [];
    } catch {
      return [];
    }
  }

  /**
   * Sends one answer through the outbox: kept until acknowledged or refused for good. An answer the
   * server could not store just now (UNAVAILABLE) is sent again every RETRY_MS until its deadline,
   * on the same connection, so the member need not press again.
   */
  async send(entry: PendingAnswer, send: Send, clock: RetryClock = realClock(0)): Promise<StoredAnswer> {
    this.#write([...this.pending().filter((p) => p.runId !== entry.runId), entry]);
    for (;;) {
      try {
        return await this.#deliver(entry, send);
      } catch (error) {
        const again = error instanceof RequestError && RETRY_CODES.includes(error.code);
        if (!again || clock.serverNow() > entry.deadline + AFTER_DEADLINE_MS) throw error;
        await clock.wait(RETRY_MS);
      }
    }
  }

  /**
   * Sends every answer still waiting whose deadline (on the server clock: `serverNow`) has not long
   * passed, one after another; drops the others. Resolves with the ones the server stored.
   */
  async resend(send: Send, serverNow: number): Promise<StoredAnswer[]> {
    const stored: StoredAnswer[] = [];
    for (const entry of this.pending()) {
      if (entry.deadline + AFTER_DEADLINE_MS < serverNow) {
        this.#remove(entry.runId);
        continue;
      }
      try {
        stored.push(await this.#deliver(entry, send));
      } catch {
        // Still unacknowledged (no connection): kept for the next reconnect, or dropped at its deadline.
      }
    }
    return stored;
  }

  async #deliver(entry: PendingAnswer, send: Send): Promise<StoredAnswer> {
    try {
      const stored = await send(entry.runId, entry.answer);
      this.#remove(entry.runId);
      return stored;
    } catch (error) {
      if (error instanceof RequestError && FINAL.includes(error.code)) this.#remove(entry.runId);
      throw error;
    }
  }

  #remove(runId: string): void {
    this.#write(this.pending().filter((p) => p.runId !== runId));
  }

  #write(list: PendingAnswer[]): void {
    try {
      if (list.length === 0) this.#storage.removeItem(this.#key);
      else this.#storage.setItem(this.#key, JSON.stringify(list));
    } catch {
      // Storage full or blocked (private mode): the answer is still sent, only not kept for a resend.
    }
  }
}
