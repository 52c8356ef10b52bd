import type { Logger } from '../../logging/logger.js';
import type { RunState } from './runState.js';

/** Hosts get a run's live distribution at most this often while answers arrive. */
export const DISTRIBUTION_PUSH_MS = 500;
/** A run closes by itself this long after its deadline: past the grace an answer on its way gets. */
export const AUTO_CLOSE_DELAY_MS = 300;

/** What the timers make LiveQuiz do. */
export interface RunTimerActions {
  /** The run as stored now (another node may have extended or closed it meanwhile). */
  reload(run: RunState): Promise<RunState>;
  /** Closes the run at its deadline (and tells the screens). */
  closeAtDeadline(run: RunState): Promise<void>;
  /** Pushes the run's live distribution to the hosts. */
  pushDistribution(runId: string): Promise<void>;
}

/**
 * The live quiz's timers: one auto-close per open run, and the throttle of the hosts' live
 * distribution. Timers never keep the process alive.
 */
export class RunTimers {
  readonly #actions: RunTimerActions;
  readonly #log: Logger;
  readonly #deadlines = new Map<string, NodeJS.Timeout>();
  readonly #dirty = new Set<string>();
  #distributionTimer: NodeJS.Timeout | undefined;

  constructor(actions: RunTimerActions, log: Logger) {
    this.#actions = actions;
    this.#log = log;
  }

  /**
   * Closes the run by itself once the deadline (and its grace) has passed — as stored then: another
   * node may have extended or closed it meanwhile (the timer then re-arms, or does nothing).
   */
  armDeadline(run: RunState): void {
    clearTimeout(this.#deadlines.get(run.id));
    const delay = Math.max(0, run.deadlineMs - Date.now()) + AUTO_CLOSE_DELAY_MS;
    const timer = setTimeout(() => {
      this.#deadlines.delete(run.id);
      this.#actions
        .reload(run)
        .then(async (fresh) => {
          if (fresh.closedMs !== null) return;
          if (Date.now() <= fresh.deadlineMs) this.armDeadline(fresh);
          else await this.#actions.closeAtDeadline(fresh);
        })
        .catch((err: unknown) => this.#log.error({ err, runId: run.id }, 'auto-close failed'));
    }, delay);
    timer.unref();
    this.#deadlines.set(run.id, timer);
  }

  /** The run was closed: no auto-close for it any more. */
  disarmDeadline(runId: string): void {
    clearTimeout(this.#deadlines.get(runId));
    this.#deadlines.delete(runId);
  }

  /** Answers to the run were stored: its distribution is pushed within DISTRIBUTION_PUSH_MS. */
  answersChanged(runId: string): void {
    this.#dirty.add(runId);
    if (this.#distributionTimer) return;
    this.#distributionTimer = setTimeout(() => {
      this.#distributionTimer = undefined;
      const ids = [...this.#dirty];
      this.#dirty.clear();
      for (const id of ids)
        this.#actions
          .pushDistribution(id)
          .catch((err: unknown) => this.#log.error({ err, runId: id }, 'distribution push failed'));
    }, DISTRIBUTION_PUSH_MS);
    this.#distributionTimer.unref();
  }

  /** Whether the run has an auto-close armed (for tests and diagnostics). */
  isArmed(runId: string): boolean {
    return this.#deadlines.has(runId);
  }

  /** Clears every timer (shutdown). */
  stop(): void {
    for (const t of this.#deadlines.values()) clearTimeout(t);
    this.#deadlines.clear();
    clearTimeout(this.#distributionTimer);
  }
}
