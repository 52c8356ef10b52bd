/**
 * Collects items for at most `maxWaitMs` (or until `maxItems`), hands them to `flush` as one batch
 * — one store transaction — and settles each item's promise with its own result afterwards, so
 * every caller is answered only once its item is durable. Flushes run one at a time; items that
 * arrive during a flush form the next batch. A result that is an Error rejects that item only. A
 * flush that throws is retried item by item, so one bad item (a failing insert) costs only its own
 * answer, never the other 499 of its batch — unless the error would fail every item alike
 * (`sharedFailure`, e.g. the store locked past its busy timeout): then the whole batch is rejected at
 * once, since 500 retries that each wait out the lock would hold the node for minutes.
 */
export class MicroBatcher<I, O> {
  readonly #flush: (items: I[]) => Promise<Array<O | Error>>;
  readonly #maxWaitMs: number;
  readonly #maxItems: number;
  readonly #sharedFailure: (error: unknown) => boolean;
  #queue: Array<{ item: I; resolve: (o: O) => void; reject: (e: unknown) => void }> = [];
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;

  constructor(
    flush: (items: I[]) => Promise<Array<O | Error>>,
    options: { maxWaitMs?: number; maxItems?: number; sharedFailure?: (error: unknown) => boolean } = {},
  ) {
    this.#flush = flush;
    this.#maxWaitMs = options.maxWaitMs ?? 5;
    this.#maxItems = options.maxItems ?? 500;
    this.#sharedFailure = options.sharedFailure ?? (() => false);
  }

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      if (this.#queue.length >= this.#maxItems) this.#kick(0);
      else this.#kick(this.#maxWaitMs);
    });
  }

  /** Flushes whatever is queued and waits for every running flush (for shutdown and tests). */
  async drain(): Promise<void> {
    while (this.#queue.length > 0 || this.#running) {
      if (this.#running) await this.#running;
      else await this.#run();
    }
  }

  #kick(delayMs: number): void {
    if (this.#running) return; // the running flush picks the queue up when it ends
    if (this.#timer && delayMs > 0) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#run(), delayMs);
  }

  async #oneByOne(batch: Array<{ item: I; resolve: (o: O) => void; reject: (e: unknown) => void }>): Promise<void> {
    for (const b of batch) {
      try {
        const [r] = await this.#flush([b.item]);
        if (r instanceof Error) b.reject(r);
        else if (r === undefined) b.reject(new Error('batch flush returned no result for an item'));
        else b.resolve(r);
      } catch (error) {
        b.reject(error);
      }
    }
  }

  #run(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = this.#queue.splice(0, this.#maxItems);
    if (batch.length === 0) return Promise.resolve();
    this.#running = (async () => {
      try {
        const results = await this.#flush(batch.map((b) => b.item));
        batch.forEach((b, i) => {
          const r = results[i];
          if (r instanceof Error) b.reject(r);
          else if (r === undefined) b.reject(new Error('batch flush returned no result for an item'));
          else b.resolve(r);
        });
      } catch (error) {
        if (batch.length === 1 || this.#sharedFailure(error)) for (const b of batch) b.reject(error);
        else await this.#oneByOne(batch);
      } finally {
        this.#running = undefined;
        if (this.#queue.length > 0) this.#kick(this.#queue.length >= this.#maxItems ? 0 : this.#maxWaitMs);
      }
    })();
    return this.#running;
  }
}
