import { setTimeout as delay } from 'node:timers/promises';
import { ProcessCpu, readRssBytes } from '../lib/procCpu.js';
import type { ReceiverPool } from '../fanout/receiverPool.js';

export interface MediaFigures {
  /** Media windows measured in the phase. */
  windows: number;
  receivers: number;
  /** Loss over the phase of the endpoint that lost most, and the mean over endpoints (fractions). */
  maxLoss: number;
  meanLoss: number;
  /** Endpoints with loss ≥ 1 % over the phase. */
  endpointsOver1Percent: number;
  /** Endpoints that received nothing in some window of the phase. */
  silentInSomeWindow: number;
  packetsReceived: number;
}

export interface PhaseFigures {
  phase: string;
  seconds: number;
  media: MediaFigures;
  /** CPU of each process group, % of one core, over the phase. */
  cpu: Record<string, number>;
  /** Largest resident memory of each process group (summed over its processes) in the phase, MB. */
  rssMb: Record<string, number>;
}

/**
 * Measures the run phase by phase while it goes on: the receivers' RTP in back-to-back windows (per
 * endpoint, so the worst endpoint is seen, not only the total), and the CPU and resident memory of
 * every process group from /proc. A window belongs to the phase under way when it ends.
 */
export class PhaseMonitor<G extends string> {
  readonly #pool: ReceiverPool;
  readonly #windowMs: number;
  readonly #groups: () => Record<G, readonly number[]>;
  readonly #cpu: ProcessCpu<G>;
  #phase = 'setup';
  #phaseStart = performance.now();
  #running: Promise<void> | undefined;
  #stopped = false;
  #counts: [number, number][] = [];
  #windows = 0;
  #silent = new Set<number>();
  #rss = new Map<G, number>();
  readonly phases: PhaseFigures[] = [];

  constructor(pool: ReceiverPool, windowMs: number, groups: () => Record<G, readonly number[]>) {
    this.#pool = pool;
    this.#windowMs = windowMs;
    this.#groups = groups;
    this.#cpu = new ProcessCpu(groups);
    this.#cpu.sample();
  }

  /** Starts the media windows (after the receivers are open). */
  startMedia(): void {
    this.#running ??= this.#loop();
  }

  async #loop(): Promise<void> {
    while (!this.#stopped) {
      await this.#pool.resetWindow();
      await delay(this.#windowMs);
      const report = await this.#pool.report(true);
      this.#addWindow(report.perReceiver ?? []);
      this.#sampleRss();
    }
  }

  #addWindow(perReceiver: [number, number][]): void {
    this.#windows++;
    perReceiver.forEach(([received, expected], i) => {
      const c = (this.#counts[i] ??= [0, 0]);
      c[0] += received;
      c[1] += expected;
      if (received === 0) this.#silent.add(i);
    });
  }

  #sampleRss(): void {
    this.#cpu.sample();
    for (const [group, pids] of Object.entries(this.#groups()) as [G, readonly number[]][]) {
      const rss = pids.reduce((a, pid) => a + readRssBytes(pid), 0);
      this.#rss.set(group, Math.max(this.#rss.get(group) ?? 0, rss));
    }
  }

  /** Ends the phase under way (its figures are kept) and starts `next`. */
  mark(next: string): PhaseFigures {
    this.#sampleRss();
    const losses = this.#counts.map(([r, e]) => (e > 0 ? Math.max(0, 1 - r / e) : 1));
    const figures: PhaseFigures = {
      phase: this.#phase,
      seconds: (performance.now() - this.#phaseStart) / 1000,
      media: {
        windows: this.#windows,
        receivers: this.#counts.length,
        maxLoss: losses.length > 0 ? Math.max(...losses) : 0,
        meanLoss: losses.length > 0 ? losses.reduce((a, b) => a + b, 0) / losses.length : 0,
        endpointsOver1Percent: losses.filter((l) => l >= 0.01).length,
        silentInSomeWindow: this.#silent.size,
        packetsReceived: this.#counts.reduce((a, [r]) => a + r, 0),
      },
      cpu: this.#cpu.take(),
      rssMb: Object.fromEntries([...this.#rss].map(([g, b]) => [g, Math.round(b / 2 ** 20)])),
    };
    this.phases.push(figures);
    this.#phase = next;
    this.#phaseStart = performance.now();
    this.#counts = [];
    this.#windows = 0;
    this.#silent = new Set();
    this.#rss = new Map();
    return figures;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#running;
  }
}
