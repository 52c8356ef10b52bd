import path from 'node:path';
import { LoadChild } from '../lib/childProcess.js';
import type { ReceiverRequest, ReceiverResponse, WindowReport } from './receiverProtocol.js';

const CHILD = path.join(import.meta.dirname, 'receiverProcess.ts');

/** The receiver load processes, filled round-robin; their window reports are summed. */
export class ReceiverPool {
  readonly #children: LoadChild<ReceiverRequest, ReceiverResponse>[];
  #next = 0;

  constructor(processes: number) {
    this.#children = Array.from(
      { length: Math.max(1, processes) },
      () => new LoadChild<ReceiverRequest, ReceiverResponse>(CHILD),
    );
  }

  get pids(): number[] {
    return this.#children.map((c) => c.pid ?? -1);
  }

  /** Opens `count` receiving sockets spread over the processes; returns their UDP ports. */
  async open(count: number): Promise<number[]> {
    const share = new Array<number>(this.#children.length).fill(0);
    for (let i = 0; i < count; i++) share[(this.#next + i) % this.#children.length]! += 1;
    this.#next = (this.#next + count) % this.#children.length;
    const answers = await Promise.all(
      this.#children.map((c, i) =>
        share[i]! > 0 ? c.request({ op: 'open', count: share[i]! }) : Promise.resolve({ ports: [] }),
      ),
    );
    return answers.flatMap((a) => ('ports' in a ? a.ports : []));
  }

  async resetWindow(): Promise<void> {
    await Promise.all(this.#children.map((c) => c.request({ op: 'resetWindow' })));
  }

  /**
   * The processes' window reports summed; with `perReceiver`, also each receiver's counts, process
   * by process (the same order in every window).
   */
  async report(perReceiver = false): Promise<WindowReport> {
    const reports = (await Promise.all(
      this.#children.map((c) => c.request({ op: 'report', perReceiver })),
    )) as WindowReport[];
    const summed = reports.reduce((sum, r) => ({
      received: sum.received + r.received,
      expected: sum.expected + r.expected,
      bytes: sum.bytes + r.bytes,
      silent: sum.silent + r.silent,
      incomplete: sum.incomplete + r.incomplete,
      receivers: sum.receivers + r.receivers,
      totalReceived: sum.totalReceived + r.totalReceived,
      rtcpReceived: sum.rtcpReceived + r.rtcpReceived,
      cpuMs: sum.cpuMs + r.cpuMs,
      windowMs: Math.max(sum.windowMs, r.windowMs),
    }));
    if (perReceiver) summed.perReceiver = reports.flatMap((r) => r.perReceiver ?? []);
    return summed;
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.#children.map(async (c) => {
        await c.request({ op: 'closeAll' }, 10_000).catch(() => undefined);
        await c.stop();
      }),
    );
  }
}
