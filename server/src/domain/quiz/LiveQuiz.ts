import { randomUUID } from 'node:crypto';
import type { Selectable, Transaction } from 'kysely';
import type { Answer, Distribution, Identity, LiveRun, Question, Reveal, StoredAnswer } from '@diem-cau/shared';
import { AppError } from '../../errors/AppError.js';
import type { Logger } from '../../logging/logger.js';
import type { AppContext } from '../../context/types.js';
import type { DatabaseSchema, QuizRunTable } from '../../store/schema.js';
import type { SessionService } from '../sessions/index.js';
import { answerWindow, extendedDeadline } from './deadline.js';
import { runDistribution } from './distribution.js';
import { MicroBatcher } from './MicroBatcher.js';
import type { QuestionBank } from './QuestionBank.js';
import { canonicalAnswer } from './scoring.js';
import {
  scoredColumns,
  storeAnswerBatch,
  toStoredAnswer,
  type AnswerRow,
  type PendingAnswer,
  type StoredRunTimes,
} from './answerStore.js';
import type { ServerToClientEvents } from '@diem-cau/shared';

/** A run as kept in memory: the question as launched, and its times (epoch ms). */
export interface RunState {
  id: string;
  sessionId: string;
  question: Question;
  startedMs: number;
  deadlineMs: number;
  closedMs: number | null;
  revealedMs: number | null;
  /** Once revealed no answer can change, so the reveal is computed once and served to every screen. */
  revealCache?: Reveal;
}

const DISTRIBUTION_PUSH_MS = 500;
/** How long a session's latest run, looked up for phones that just checked in, is reused. */
const LATEST_RUN_TTL_MS = 1000;

function toRunState(row: Selectable<QuizRunTable>): RunState {
  return {
    id: row.id,
    sessionId: row.session_id,
    question: JSON.parse(row.question_json) as Question,
    startedMs: row.started_ms,
    deadlineMs: row.deadline_ms,
    closedMs: row.closed_ms,
    revealedMs: row.revealed_ms,
  };
}

/**
 * Live questions: launch, close, extend, reveal; members' answers (micro-batched, stored exactly
 * once, acknowledged only after commit) and endpoints' team answers; distributions.
 */
export class LiveQuiz {
  readonly #ctx: AppContext;
  readonly #sessions: SessionService;
  readonly #bank: QuestionBank;
  readonly #log: Logger;
  readonly #runs = new Map<string, RunState>();
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #dirty = new Set<string>();
  #distributionTimer: NodeJS.Timeout | undefined;
  /** Latest run per session, shared by the phones that check in within LATEST_RUN_TTL_MS. */
  readonly #latest = new Map<string, { at: number; run: Promise<RunState | undefined> }>();
  readonly batcher: MicroBatcher<PendingAnswer, AnswerRow>;
  /** Called after a reveal (the leaderboard push lives elsewhere). */
  onReveal: (sessionId: string) => Promise<void> = async () => {};

  constructor(ctx: AppContext, sessions: SessionService, bank: QuestionBank) {
    this.#ctx = ctx;
    this.#sessions = sessions;
    this.#bank = bank;
    this.#log = ctx.log.child({ module: 'quiz' });
    this.batcher = new MicroBatcher(
      async (items) => {
        const { results, runs } = await storeAnswerBatch(ctx.db, items);
        for (const [runId, times] of runs) {
          this.#applyTimes(runId, times);
          this.#markDirty(runId);
        }
        return results;
      },
      { maxWaitMs: 5, maxItems: 500 },
    );
  }

  // ---- host actions --------------------------------------------------------------------------

  async launch(actor: Identity, sessionId: string, questionId: string): Promise<LiveRun> {
    await this.#bank.assertManager(actor, sessionId);
    const session = await this.#sessions.requireSession(sessionId);
    if (session.status !== 'live') throw new AppError('CONFLICT', 'Questions are launched in a live session');
    const question = await this.#bank.get(sessionId, questionId);
    const now = Date.now();
    // One question at a time: an open one is closed first.
    const open = await this.#ctx.db
      .selectFrom('quiz_runs')
      .select('id')
      .where('session_id', '=', sessionId)
      .where('closed_ms', 'is', null)
      .execute();
    // No `quiz:run` push for it: the new question replaces it on every screen and phone.
    for (const { id } of open) await this.#closeRun(await this.#requireRun(sessionId, id), now, false);
    const run: RunState = {
      id: randomUUID(),
      sessionId,
      question,
      startedMs: now,
      deadlineMs: now + question.timeLimitS * 1000,
      closedMs: null,
      revealedMs: null,
    };
    await this.#ctx.db
      .insertInto('quiz_runs')
      .values({
        id: run.id,
        session_id: sessionId,
        question_id: question.id,
        question_json: JSON.stringify(question),
        launched_by: actor.subject,
        started_ms: run.startedMs,
        deadline_ms: run.deadlineMs,
        closed_ms: null,
        revealed_ms: null,
      })
      .execute();
    this.#runs.set(run.id, run);
    this.#latest.delete(sessionId);
    this.#scheduleAutoClose(run);
    this.#log.info({ sessionId, runId: run.id, questionId, by: actor.subject }, 'question launched');
    await this.#push(sessionId, 'quiz:question', this.liveRun(run));
    return this.liveRun(run);
  }

  async close(actor: Identity, sessionId: string, runId: string): Promise<LiveRun> {
    await this.#bank.assertManager(actor, sessionId);
    const run = await this.#requireRun(sessionId, runId, true);
    if (run.closedMs === null) await this.#closeRun(run, Date.now());
    return this.liveRun(run);
  }

  async extend(actor: Identity, sessionId: string, runId: string, seconds: number): Promise<LiveRun> {
    await this.#bank.assertManager(actor, sessionId);
    const run = await this.#requireRun(sessionId, runId, true);
    if (run.revealedMs !== null) throw new AppError('CONFLICT', 'The answer was already revealed');
    const now = Date.now();
    const deadline = extendedDeadline(run, now, seconds);
    await this.#ctx.db
      .updateTable('quiz_runs')
      .set({ deadline_ms: deadline, closed_ms: null })
      .where('id', '=', run.id)
      .execute();
    run.deadlineMs = deadline;
    run.closedMs = null;
    this.#latest.delete(sessionId);
    this.#scheduleAutoClose(run);
    await this.#push(sessionId, 'quiz:run', this.liveRun(run));
    return this.liveRun(run);
  }

  async reveal(actor: Identity, sessionId: string, runId: string): Promise<Reveal> {
    await this.#bank.assertManager(actor, sessionId);
    const run = await this.#requireRun(sessionId, runId, true);
    const now = Date.now();
    if (run.closedMs === null) await this.#closeRun(run, now);
    await this.batcher.drain(); // answers accepted before the close are in the distribution
    if (run.revealedMs === null) {
      await this.#ctx.db.updateTable('quiz_runs').set({ revealed_ms: now }).where('id', '=', run.id).execute();
      run.revealedMs = now;
    }
    const reveal = await this.revealOf(run);
    await this.#push(sessionId, 'quiz:reveal', reveal);
    await this.onReveal(sessionId);
    return reveal;
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
      const stored = await this.#ctx.db
        .selectFrom('quiz_answers')
        .select(['run_id', 'answer_json', 'answered_ms', 'elapsed_ms', 'correct', 'points'])
        .where('run_id', '=', runId)
        .where('member_id', '=', memberId)
        .executeTakeFirst();
      if (stored) return toStoredAnswer(run, stored);
      throw new AppError('DEADLINE_PASSED', 'The question is closed');
    }
    const row = await this.batcher.submit({ run, memberId, answer: canonical, receivedMs });
    return toStoredAnswer(run, row);
  }

  /** An endpoint's team answer, once per run and endpoint, with the same rules as a member's. */
  async teamAnswer(endpointId: string, sessionId: string, runId: string, answer: Answer): Promise<StoredAnswer> {
    // Team answers are few (one per endpoint): checked against the stored run every time.
    const run = await this.#requireRun(sessionId, runId, true);
    const receivedMs = Date.now();
    const canonical = canonicalAnswer(run.question, answer);
    const select = () =>
      this.#ctx.db
        .selectFrom('quiz_team_answers')
        .select(['run_id', 'answer_json', 'answered_ms', 'elapsed_ms', 'correct', 'points'])
        .where('run_id', '=', runId)
        .where('endpoint_id', '=', endpointId)
        .executeTakeFirst();
    if (answerWindow(run, receivedMs) !== 'open') {
      const stored = await select();
      if (stored) return toStoredAnswer(run, stored);
      throw new AppError('DEADLINE_PASSED', 'The question is closed');
    }
    await this.#ctx.db
      .insertInto('quiz_team_answers')
      .values({ ...scoredColumns(run, canonical, receivedMs), endpoint_id: endpointId })
      .onConflict((oc) => oc.doNothing())
      .execute();
    const stored = await select();
    if (!stored) throw new AppError('INTERNAL', 'Team answer not stored');
    this.#markDirty(run.id);
    return toStoredAnswer(run, stored);
  }

  // ---- reading -------------------------------------------------------------------------------

  liveRun(run: RunState): LiveRun {
    const q = run.question;
    return {
      runId: run.id,
      sessionId: run.sessionId,
      question: {
        id: q.id,
        position: q.position,
        type: q.type,
        prompt: q.prompt,
        options: q.options,
        timeLimitS: q.timeLimitS,
      },
      startedAt: run.startedMs,
      deadline: run.deadlineMs,
      closedAt: run.closedMs,
      revealed: run.revealedMs !== null,
      serverNow: Date.now(),
    };
  }

  async revealOf(run: RunState): Promise<Reveal> {
    if (run.revealCache) return run.revealCache;
    const reveal: Reveal = {
      runId: run.id,
      type: run.question.type,
      correctChoice: run.question.correct,
      accepted: run.question.accepted,
      explanation: run.question.explanation,
      distribution: await this.distribution(run),
    };
    if (run.revealedMs !== null) run.revealCache = reveal;
    return reveal;
  }

  /** Counts of the stored answers (members and teams) of a run. */
  distribution(run: RunState): Promise<Distribution> {
    return runDistribution(this.#ctx.db, run);
  }

  /** The session's latest run, if any, with its times as stored now (another node may have changed them). */
  async currentRun(sessionId: string): Promise<RunState | undefined> {
    const row = await this.#ctx.db
      .selectFrom('quiz_runs')
      .selectAll()
      .where('session_id', '=', sessionId)
      .orderBy('started_ms', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? this.#cache(row) : undefined;
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
      this.#ctx.live.emit({ socket: socketId }, 'quiz:question', this.liveRun(run));
  }

  async storedAnswer(run: RunState, who: { memberId: string } | { endpointId: string }): Promise<StoredAnswer | null> {
    const columns = ['run_id', 'answer_json', 'answered_ms', 'elapsed_ms', 'correct', 'points'] as const;
    const row =
      'memberId' in who
        ? await this.#ctx.db
            .selectFrom('quiz_answers')
            .select(columns)
            .where('run_id', '=', run.id)
            .where('member_id', '=', who.memberId)
            .executeTakeFirst()
        : await this.#ctx.db
            .selectFrom('quiz_team_answers')
            .select(columns)
            .where('run_id', '=', run.id)
            .where('endpoint_id', '=', who.endpointId)
            .executeTakeFirst();
    return row ? toStoredAnswer(run, row) : null;
  }

  async requireRun(sessionId: string, runId: string): Promise<RunState> {
    return this.#requireRun(sessionId, runId);
  }

  // ---- internals -----------------------------------------------------------------------------

  /**
   * The run from this node's cache, or from the store when unknown here or when `fresh` (host
   * actions and doubtful answers: the store is what every node shares, the cache is this node's).
   */
  async #requireRun(sessionId: string, runId: string, fresh = false): Promise<RunState> {
    let run = this.#runs.get(runId);
    if (!run || fresh) {
      const row = await this.#ctx.db.selectFrom('quiz_runs').selectAll().where('id', '=', runId).executeTakeFirst();
      if (row) run = this.#cache(row);
    }
    if (!run || run.sessionId !== sessionId) throw new AppError('NOT_FOUND', 'No such question run in this session');
    return run;
  }

  /** Keeps one RunState per run, its times updated from the stored row. */
  #cache(row: Selectable<QuizRunTable>): RunState {
    const run = this.#runs.get(row.id);
    if (!run) {
      const created = toRunState(row);
      this.#runs.set(row.id, created);
      return created;
    }
    this.#applyTimes(row.id, { deadlineMs: row.deadline_ms, closedMs: row.closed_ms, revealedMs: row.revealed_ms });
    return run;
  }

  #applyTimes(runId: string, times: StoredRunTimes): void {
    const run = this.#runs.get(runId);
    if (!run) return;
    run.deadlineMs = times.deadlineMs;
    run.closedMs = times.closedMs;
    if (run.revealedMs === null) run.revealedMs = times.revealedMs;
  }

  /** Pushes to the session's hosts and every invited endpoint's room (screens and checked-in phones). */
  async #push<K extends 'quiz:question' | 'quiz:run' | 'quiz:reveal'>(
    sessionId: string,
    event: K,
    payload: Parameters<ServerToClientEvents[K]>[0],
  ): Promise<void> {
    const endpoints = await this.#sessions.listInvitedEndpoints(sessionId);
    this.#ctx.live.emit({ session: sessionId, staff: true }, event, payload);
    await this.#ctx.live.emitToEndpoints(
      sessionId,
      endpoints.map((e) => e.endpointId),
      event,
      payload,
    );
  }

  async #closeRun(run: RunState, at: number, push = true): Promise<void> {
    const closedMs = Math.min(at, run.deadlineMs);
    const result = await this.#ctx.db
      .updateTable('quiz_runs')
      .set({ closed_ms: closedMs })
      .where('id', '=', run.id)
      .where('closed_ms', 'is', null)
      .executeTakeFirst();
    clearTimeout(this.#timers.get(run.id));
    this.#timers.delete(run.id);
    this.#latest.delete(run.sessionId);
    if (Number(result.numUpdatedRows) === 0) {
      await this.#requireRun(run.sessionId, run.id, true); // closed meanwhile, maybe by another node
      return;
    }
    run.closedMs = closedMs;
    if (push) await this.#push(run.sessionId, 'quiz:run', this.liveRun(run));
  }

  /**
   * Closes the run by itself once the deadline (and its grace) has passed — as stored then: another
   * node may have extended or closed it meanwhile (the timer then re-arms, or does nothing).
   */
  #scheduleAutoClose(run: RunState): void {
    clearTimeout(this.#timers.get(run.id));
    const delay = Math.max(0, run.deadlineMs - Date.now()) + 300;
    const timer = setTimeout(() => {
      this.#timers.delete(run.id);
      this.#requireRun(run.sessionId, run.id, true)
        .then(async (fresh) => {
          if (fresh.closedMs !== null) return;
          if (Date.now() <= fresh.deadlineMs) this.#scheduleAutoClose(fresh);
          else await this.#closeRun(fresh, fresh.deadlineMs);
        })
        .catch((err: unknown) => this.#log.error({ err, runId: run.id }, 'auto-close failed'));
    }, delay);
    timer.unref();
    this.#timers.set(run.id, timer);
  }

  /** Hosts get the live distribution at most every DISTRIBUTION_PUSH_MS while answers arrive. */
  #markDirty(runId: string): void {
    this.#dirty.add(runId);
    if (this.#distributionTimer) return;
    this.#distributionTimer = setTimeout(() => {
      this.#distributionTimer = undefined;
      const ids = [...this.#dirty];
      this.#dirty.clear();
      for (const id of ids) {
        const run = this.#runs.get(id);
        if (!run) continue;
        this.distribution(run)
          .then((d) => this.#ctx.live.emit({ session: run.sessionId, staff: true }, 'quiz:distribution', d))
          .catch((err: unknown) => this.#log.error({ err, runId: id }, 'distribution push failed'));
      }
    }, DISTRIBUTION_PUSH_MS);
    this.#distributionTimer.unref();
  }

  /** The session ended: its open question closes with it (inside the status-change transaction). */
  async closeSessionRuns(sessionId: string, trx: Transaction<DatabaseSchema>, at: number): Promise<void> {
    const open = await trx
      .selectFrom('quiz_runs')
      .select(['id', 'deadline_ms'])
      .where('session_id', '=', sessionId)
      .where('closed_ms', 'is', null)
      .execute();
    for (const row of open) {
      const closedMs = Math.min(at, row.deadline_ms);
      await trx.updateTable('quiz_runs').set({ closed_ms: closedMs }).where('id', '=', row.id).execute();
      const cached = this.#runs.get(row.id);
      if (cached) cached.closedMs = closedMs;
      clearTimeout(this.#timers.get(row.id));
      this.#timers.delete(row.id);
    }
  }

  /** Closes runs whose deadline passed while the server was down; re-arms the others. */
  async recover(): Promise<void> {
    const now = Date.now();
    await this.#ctx.db
      .updateTable('quiz_runs')
      .set((eb) => ({ closed_ms: eb.ref('deadline_ms') }))
      .where('closed_ms', 'is', null)
      .where('deadline_ms', '<', now)
      .execute();
    const open = await this.#ctx.db.selectFrom('quiz_runs').selectAll().where('closed_ms', 'is', null).execute();
    for (const row of open) {
      const run = toRunState(row);
      this.#runs.set(run.id, run);
      this.#scheduleAutoClose(run);
    }
  }

  async stop(): Promise<void> {
    for (const t of this.#timers.values()) clearTimeout(t);
    this.#timers.clear();
    clearTimeout(this.#distributionTimer);
    await this.batcher.drain();
  }
}
