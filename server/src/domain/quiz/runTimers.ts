import type { Logger } from '../../logging/logger.js';
import type { ClusterTimers, TimerKind } from '../../redis/clusterTimers.js';
import type { RunState } from './runState.js';

/** Hosts get a run's live distribution at most this often while answers arrive. */
export const DISTRIBUTION_PUSH_MS = 500;
/** A run closes by itself this long after its deadline: past the grace an answer on its way gets. */
export const AUTO_CLOSE_DELAY_MS = 300;

/** What the timers make LiveQuiz do. */
export interface RunTimerActions {
  /** The run as stored now (another node may have extended or closed it meanwhile); undefined when gone. */
  reload(sessionId: string, runId: string): Promise<RunState | undefined>;
  /** Closes the run at its deadline (and tells the screens). */
  closeAtDeadline(run: RunState): Promise<void>;
  /** Pushes the run's live distribution to the hosts. */
  pushDistribution(runId: string): Promise<void>;
}

/**
 * The live quiz's timers: one auto-close per open run, a cluster timer (it fires once, on whichever
 * node, also when the node that launched the run has died), and this node's throttle of the hosts'
 * live distribution for the answers it stored (every node pushes for its own).
 */
export class RunTimers {
  readonly #actions: RunTimerActions;
  readonly #log: Logger;
  readonly #autoClose: TimerKind<{ sessionId: string; runId: string }>;
  readonly #dirty = new Set<string>();
  #distributionTimer: NodeJS.Timeout | undefined;

  constructor(actions: RunTimerActions, timers: Pick<ClusterTimers, 'define'>, log: Logger) {
    this.#actions = actions;
    this.#log = log;
    this.#autoClose = timers.define('quiz.autoClose', ({ sessionId, runId }) => this.#fire(sessionId, runId));
  }

  /**
   * Closes the run by itself once the deadline (and its grace) has passed — as stored then: another
   * node may have extended or closed it meanwhile (the timer then re-arms, or does nothing).
   */
  async armDeadline(run: RunState): Promise<void> {
    await this.#autoClose.schedule(run.id, run.deadlineMs + AUTO_CLOSE_DELAY_MS, {
      sessionId: run.sessionId,
      runId: run.id,
    });
  }

  /** The run was closed: no auto-close for it any more (best effort: a stray one finds it closed). */
  async disarmDeadline(runId: string): Promise<void> {
    await this.#autoClose
      .cancel(runId)
      .catch((err: unknown) => this.#log.warn({ err, runId }, 'could not disarm an auto-close'));
  }

  /** When the run's auto-close is due (for tests and diagnostics), or null. */
  armedAt(runId: string): Promise<number | null> {
    return this.#autoClose.dueAt(runId);
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

  /** Clears this node's throttle (shutdown); auto-closes stay armed in Redis, for the other nodes. */
  stop(): void {
    clearTimeout(this.#distributionTimer);
  }

  async #fire(sessionId: string, runId: string): Promise<void> {
    const fresh = await this.#actions.reload(sessionId, runId);
    if (!fresh || fresh.closedMs !== null) return;
    if (Date.now() <= fresh.deadlineMs) await this.armDeadline(fresh);
    else await this.#actions.closeAtDeadline(fresh);
  }
}
