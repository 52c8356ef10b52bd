/**
 * Runs async tasks one after another (like mediasoup-demo's AwaitQueue), so topology changes of a
 * room — creating a router, piping a producer — never interleave. A failed task does not block
 * the ones behind it; its caller gets the rejection.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  push<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(() => task());
    this.#tail = run.catch(() => undefined);
    return run;
  }
}
