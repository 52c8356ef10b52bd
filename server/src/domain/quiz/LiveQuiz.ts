import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Answer, Distribution, Identity, LiveRun, Reveal, StoredAnswer } from '@diem-cau/shared';
import type { AppContext } from '../../context/types.js';
import { outageOf } from '../../errors/unavailable.js';
import type { Logger } from '../../logging/logger.js';
import type { Database } from '../../store/database.js';
import type { DatabaseSchema } from '../../store/schema.js';
import type { SessionService } from '../sessions/index.js';
import { answerWindow, extendedDeadline } from './deadline.js';
import { runDistribution } from './distribution.js';
import { quizErrors } from './errors.js';
import { MicroBatcher } from './MicroBatcher.js';
import type { QuestionBank } from './QuestionBank.js';
import { QuizPushes } from './quizPushes.js';
import * as store from './quizStore.js';
import { applyTimes, liveRun, newRun, revealOf, type RunState } from './runState.js';
import { recoverOpenRuns } from './runRecovery.js';
import { RunTimers } from './runTimers.js';
import { canonicalAnswer } from './scoring.js';
import { SerialQueue } from '../../media/SerialQueue.js';
import { isUniqueViolation } from '../../store/constraints.js';

/** How long a session's latest run, looked up for phones that just checked in, is reused. */
const LATEST_RUN_TTL_MS = 1000;

/**
 * Live questions: launch, close, extend, reveal; members' answers (micro-batched, stored exactly
 * once, acknowledged only after commit) and endpoints' team answers; this node's cache of the runs.
 * Queries are in quizStore.ts, pushes in quizPushes.ts, timers in runTimers.ts.
 */
export class LiveQuiz {
  readonly #db: Database;
  readonly #bank: QuestionBank;
  readonly #sessions: SessionService;
  readonly #pushes: QuizPushes;
  readonly #timers: RunTimers;
  readonly #log: Logger;
  readonly #runs = new Map<string, RunState>();
  /** Launches in turn, per session (dropped when the session ends). */
  readonly #launches = new Map<string, SerialQueue>();
  /** Latest run per session, shared by the phones that check in within LATEST_RUN_TTL_MS. */
  readonly #latest = new Map<string, { at: number; run: Promise<RunState | undefined> }>();
  readonly batcher: MicroBatcher<store.PendingAnswer, store.AnswerRow>;
  /** Called after a reveal (the leaderboard push lives elsewhere). */
  onReveal: (sessionId: string) => Promise<void> = async () => {};

  constructor(
    ctx: AppContext,
    sessions: SessionService,
    bank: QuestionBank,
    pushes: QuizPushes = new QuizPushes(ctx, sessions),
  ) {
    this.#db = ctx.db;
    this.#sessions = sessions;
    this.#bank = bank;
    this.#pushes = pushes;
    this.#log = ctx.log.child({ module: 'quiz' });
    this.#timers = new RunTimers(
      {
        reload: async (sessionId, runId) => {
          const stored = await store.findRun(this.#db, runId);
          return stored && stored.sessionId === sessionId ? this.#keep(stored) : undefined;
        },
        closeAtDeadline: (run) => this.#closeRun(run, run.deadlineMs),
        pushDistribution: async (runId) => {
          const run = this.#runs.get(runId);
          if (run) this.#pushes.distribution(run.sessionId, await this.distribution(run));
        },
      },
      ctx.timers,
      this.#log,
    );
    this.batcher = new MicroBatcher(
      async (items) => {
        const { results, runs } = await store.storeAnswerBatch(this.#db, items);
        for (const [runId, times] of runs) {
          const run = this.#runs.get(runId);
          if (run) applyTimes(run, times);
          this.#timers.answersChanged(runId);
        }
        return results;
      },
      // A store outage fails every answer of the batch alike: all answer UNAVAILABLE at once, and the phones resend.
      { maxWaitMs: 5, maxItems: 500, sharedFailure: (error) => outageOf(error) === 'store' },
    );
  }

  // ---- host actions --------------------------------------------------------------------------

  /**
   * Launches are serialised per session on this node (a double click launches twice, in turn: the
   * second replaces the first); across nodes the store's one-open-run index refuses the loser.
   */
  launch(actor: Identity, sessionId: string, questionId: string): Promise<LiveRun> {
    let queue = this.#launches.get(sessionId);
    if (!queue) this.#launches.set(sessionId, (queue = new SerialQueue()));
    return queue.push(() => this.#launch(actor, sessionId, questionId));
  }

  async #launch(actor: Identity, sessionId: string, questionId: string): Promise<LiveRun> {
    await this.#bank.assertManager(actor, sessionId);
    const session = await this.#sessions.requireSession(sessionId);
    if (session.status !== 'live') throw quizErrors.sessionNotLive();
    const question = await this.#bank.get(sessionId, questionId);
    const now = Date.now();
    // One question at a time: an open one is closed first.
    // No `quiz:run` push for it: the new question replaces it on every screen and phone.
    for (const id of await store.openRunIds(this.#db, sessionId))
      await this.#closeRun(await this.#requireRun(sessionId, id), now, false);
    const run = newRun(randomUUID(), sessionId, question, now);
    try {
      await store.insertRun(this.#db, run, actor.subject);
    } catch (error) {
      if (isUniqueViolation(error)) throw quizErrors.launchedMeanwhile();
      throw error;
    }
    this.#runs.set(run.id, run);
    this.#latest.delete(sessionId);
    await this.#timers.armDeadline(run);
    this.#log.info({ sessionId, runId: run.id, questionId, by: actor.subject }, 'question launched');
    await this.#pushes.question(run);
    return liveRun(run);
  }

  async close(actor: Identity, sessionId: string, runId: string): Promise<LiveRun> {
    await this.#bank.assertManager(actor, sessionId);
    const run = await this.#requireRun(sessionId, runId, true);
    if (run.closedMs === null) await this.#closeRun(run, Date.now());
    return liveRun(run);
  }

  async extend(actor: Identity, sessionId: string, runId: string, seconds: number): Promise<LiveRun> {
    await this.#bank.assertManager(actor, sessionId);
    const run = await this.#requireRun(sessionId, runId, true);
    if (run.revealedMs !== null) throw quizErrors.alreadyRevealed();
    const deadline = extendedDeadline(run, Date.now(), seconds);
    let extended: boolean;
    try {
      extended = await store.extendRun(this.#db, run.id, deadline);
    } catch (error) {
      if (isUniqueViolation(error)) throw quizErrors.superseded();
      throw error;
    }
    if (!extended) throw quizErrors.superseded();
    run.deadlineMs = deadline;
    run.closedMs = null;
    this.#latest.delete(sessionId);
    await this.#timers.armDeadline(run);
    await this.#pushes.runChanged(run);
    return liveRun(run);
  }

  async reveal(actor: Identity, sessionId: string, runId: string): Promise<Reveal> {
    await this.#bank.assertManager(actor, sessionId);
    const run = await this.#requireRun(sessionId, runId, true);
    const now = Date.now();
    if (run.closedMs === null) await this.#closeRun(run, now);
    await this.batcher.drain(); // answers accepted before the close are in the distribution
    if (run.revealedMs === null) {
      await store.markRevealed(this.#db, run.id, now);
      run.revealedMs = now;
    }
    const reveal = await this.revealOf(run);
    await this.#pushes.reveal(sessionId, reveal);
    await this.onReveal(sessionId);
    return reveal;
  }

  /** Host: the live distribution of a run of the session. */
  async distributionFor(actor: Identity, sessionId: string, runId: string): Promise<Distribution> {
    await this.#bank.assertManager(actor, sessionId);
    return this.distribution(await this.#requireRun(sessionId, runId));
  }

  // ---- answers -------------------------------------------------------------------------------

  /**
   * A member's answer: stored once per run and member. The first answer is kept; a resend (same or
   * different) is answered with the stored one, even after the deadline. Only members with an open
   * check-in in the session are taken (FORBIDDEN otherwise); the answer counts for that endpoint.
   */
  async answer(memberId: string, sessionId: string, runId: string, answer: Answer): Promise<StoredAnswer> {
    let run = await this.#requireRun(sessionId, runId);
    const receivedMs = Date.now();
    const canonical = canonicalAnswer(run.question, answer);
    // This node's copy may predate an extension made on another node: look again before refusing.
    if (answerWindow(run, receivedMs) !== 'open') run = await this.#requireRun(sessionId, runId, true);
    if (answerWindow(run, receivedMs) !== 'open') {
      const stored = await store.findAnswer(this.#db, runId, { memberId });
      if (stored) return store.toStoredAnswer(run, stored);
      throw quizErrors.deadlinePassed();
    }
    const row = await this.batcher.submit({ run, memberId, answer: canonical, receivedMs });
    return store.toStoredAnswer(run, row);
  }

  /** An endpoint's team answer, once per run and endpoint, with the same rules as a member's. */
  async teamAnswer(endpointId: string, sessionId: string, runId: string, answer: Answer): Promise<StoredAnswer> {
    // Team answers are few (one per endpoint): checked against the stored run every time.
    const run = await this.#requireRun(sessionId, runId, true);
    const receivedMs = Date.now();
    const canonical = canonicalAnswer(run.question, answer);
    if (answerWindow(run, receivedMs) !== 'open') {
      const stored = await store.findAnswer(this.#db, runId, { endpointId });
      if (stored) return store.toStoredAnswer(run, stored);
      throw quizErrors.deadlinePassed();
    }
    await store.insertTeamAnswer(this.#db, run, endpointId, canonical, receivedMs);
    const stored = await store.findAnswer(this.#db, runId, { endpointId });
    if (!stored) throw quizErrors.teamAnswerNotStored();
    this.#timers.answersChanged(run.id);
    return store.toStoredAnswer(run, stored);
  }

  // ---- reading -------------------------------------------------------------------------------

  async revealOf(run: RunState): Promise<Reveal> {
    if (run.revealCache) return run.revealCache;
    const reveal = revealOf(run, await this.distribution(run));
    if (run.revealedMs !== null) run.revealCache = reveal;
    return reveal;
  }

  /** Counts of the stored answers (members and teams) of a run. */
  distribution(run: RunState): Promise<Distribution> {
    return runDistribution(this.#db, run);
  }

  /** The session's latest run, if any, with its times as stored now (another node may have changed them). */
  async currentRun(sessionId: string): Promise<RunState | undefined> {
    const stored = await store.latestRun(this.#db, sessionId);
    return stored && this.#keep(stored);
  }

  /**
   * A member's phone has just entered its endpoint's room (checked in, moved, or re-joined): if a
   * question is open it gets it at once. The lookup is shared for LATEST_RUN_TTL_MS, so a hall
   * checking in together costs one query.
   */
  async pushOpenQuestion(socketId: string, sessionId: string): Promise<void> {
    const now = Date.now();
    let entry = this.#latest.get(sessionId);
    if (!entry || now - entry.at > LATEST_RUN_TTL_MS) {
      entry = { at: now, run: this.currentRun(sessionId) };
      this.#latest.set(sessionId, entry);
      entry.run.catch(() => this.#latest.delete(sessionId));
    }
    const run = await entry.run;
    if (run && run.revealedMs === null && answerWindow(run, Date.now()) === 'open')
      this.#pushes.openQuestion(socketId, run);
  }

  async storedAnswer(run: RunState, who: store.Answerer): Promise<StoredAnswer | null> {
    const row = await store.findAnswer(this.#db, run.id, who);
    return row ? store.toStoredAnswer(run, row) : null;
  }

  async requireRun(sessionId: string, runId: string): Promise<RunState> {
    return this.#requireRun(sessionId, runId);
  }

  // ---- session end, start-up and shutdown ----------------------------------------------------

  /** The session ended: its open question closes with it (inside the status-change transaction). */
  async closeSessionRuns(sessionId: string, trx: Transaction<DatabaseSchema>, at: number): Promise<void> {
    for (const { id } of await store.closeOpenRunsOfSession(trx, sessionId, at)) await this.#timers.disarmDeadline(id);
    // An ended session's runs leave the cache (a later read, e.g. a report, loads them from the store).
    for (const [id, run] of this.#runs) if (run.sessionId === sessionId) this.#runs.delete(id);
    this.#launches.delete(sessionId);
    this.#latest.delete(sessionId);
  }

  /**
   * Closes runs whose deadline passed while every node was down; arms the others' auto-close again
   * (the same cluster timer: one set before by another node is replaced, not doubled).
   */
  async recover(): Promise<void> {
    for (const run of await recoverOpenRuns(this.#db)) {
      this.#runs.set(run.id, run);
      await this.#timers.armDeadline(run);
    }
  }

  async stop(): Promise<void> {
    this.#timers.stop();
    await this.batcher.drain();
  }

  // ---- the run cache -------------------------------------------------------------------------

  /**
   * The run from this node's cache, or from the store when unknown here or when `fresh` (host
   * actions and doubtful answers: the store is what every node shares, the cache is this node's).
   */
  async #requireRun(sessionId: string, runId: string, fresh = false): Promise<RunState> {
    let run = this.#runs.get(runId);
    if (!run || fresh) {
      const stored = await store.findRun(this.#db, runId);
      if (stored) run = this.#keep(stored);
    }
    if (!run || run.sessionId !== sessionId) throw quizErrors.runNotFound();
    return run;
  }

  /** Keeps one RunState per run, its times updated from the stored one. */
  #keep(stored: RunState): RunState {
    const run = this.#runs.get(stored.id);
    if (!run) {
      this.#runs.set(stored.id, stored);
      return stored;
    }
    applyTimes(run, stored);
    return run;
  }

  async #closeRun(run: RunState, at: number, push = true): Promise<void> {
    const closedMs = Math.min(at, run.deadlineMs);
    const closed = await store.closeRunIfOpen(this.#db, run.id, closedMs);
    await this.#timers.disarmDeadline(run.id);
    this.#latest.delete(run.sessionId);
    if (!closed) {
      await this.#requireRun(run.sessionId, run.id, true); // closed meanwhile, maybe by another node
      return;
    }
    run.closedMs = closedMs;
    if (push) await this.#pushes.runChanged(run);
  }
}
