import { isStaff } from '@diem-cau/shared';
import type { ClientRequests, Identity, Leaderboard, QuizSettings, ResponseData } from '@diem-cau/shared';
import type { AppContext } from '../../context/types.js';
import type { AuditLog } from '../audit/index.js';
import type { SessionService } from '../sessions/index.js';
import { buildLeaderboard, memberTotal } from './leaderboard.js';
import { LiveQuiz } from './LiveQuiz.js';
import { Makeup } from './Makeup.js';
import { QuestionBank } from './QuestionBank.js';
import { QuizPushes } from './quizPushes.js';
import { liveRun } from './runState.js';
import { readSettings, writeSettings } from './settings.js';

/** What `quiz:state` answers: the current question, its reveal, my answer, the leaderboard when shown. */
export type QuizState = ResponseData<ClientRequests, 'quiz:state'>;

/** The quiz domain's services for one app: the bank, live runs, make-up, leaderboards. */
export class QuizDomain {
  readonly bank: QuestionBank;
  readonly live: LiveQuiz;
  readonly makeup: Makeup;
  readonly #ctx: AppContext;
  readonly #sessions: SessionService;
  readonly #pushes: QuizPushes;
  #unwatch: (() => void) | undefined;

  constructor(ctx: AppContext, sessions: SessionService, audit: AuditLog) {
    this.#ctx = ctx;
    this.#sessions = sessions;
    this.#pushes = new QuizPushes(ctx, sessions);
    this.bank = new QuestionBank(ctx.db, this.#sessions, audit);
    this.live = new LiveQuiz(ctx, this.#sessions, this.bank, this.#pushes);
    this.makeup = new Makeup(ctx.db, this.#sessions, this.bank);
    this.live.onReveal = (sessionId) => this.pushLeaderboard(sessionId);
    this.#sessions.hooks.onStatusChange(async (change, trx) => {
      if (change.to === 'ended') await this.live.closeSessionRuns(change.sessionId, trx, Date.parse(change.at));
    });
  }

  /**
   * A phone that enters its endpoint's room (check-in, move, re-join) while a question is open gets
   * the question pushed at once — phones never poll for it.
   */
  start(): Promise<void> {
    this.#unwatch ??= this.#ctx.live.onMemberEntersEndpoint((socketId, sessionId) => {
      this.live
        .pushOpenQuestion(socketId, sessionId)
        .catch((err: unknown) => this.#ctx.log.warn({ err, sessionId }, 'open question push failed'));
    });
    return this.live.recover();
  }

  async stop(): Promise<void> {
    this.#unwatch?.();
    this.#unwatch = undefined;
    await this.live.stop();
  }

  /**
   * What one client of the session sees of the quiz now: the latest run and, once revealed, its
   * answer; a member's or endpoint's own stored answer; a member's total; the leaderboard for staff
   * always, for endpoint screens only while the host shows it.
   */
  async stateFor(identity: Identity, sessionId: string): Promise<QuizState> {
    const { role, subject } = identity;
    const run = await this.live.currentRun(sessionId);
    const showBoard =
      isStaff(role) ||
      (role === 'endpoint' && (await readSettings(this.#ctx.db, sessionId)).showLeaderboardOnEndpoints);
    const mine =
      run && role === 'member'
        ? await this.live.storedAnswer(run, { memberId: subject })
        : run && role === 'endpoint'
          ? await this.live.storedAnswer(run, { endpointId: subject })
          : null;
    return {
      run: run ? liveRun(run) : null,
      reveal: run && run.revealedMs !== null ? await this.live.revealOf(run) : null,
      mine,
      total: role === 'member' ? await memberTotal(this.#ctx.db, sessionId, subject) : null,
      leaderboard: showBoard ? await this.leaderboard(sessionId) : null,
    };
  }

  async leaderboard(sessionId: string): Promise<Leaderboard> {
    return buildLeaderboard(this.#ctx.db, sessionId, await this.#sessions.listInvitedEndpoints(sessionId));
  }

  /** Host/admin: the session's leaderboards. */
  async leaderboardFor(actor: Identity, sessionId: string): Promise<Leaderboard> {
    await this.bank.assertManager(actor, sessionId);
    return this.leaderboard(sessionId);
  }

  /** Hosts always get the fresh leaderboard; endpoint screens only while the host shows it. */
  async pushLeaderboard(sessionId: string): Promise<void> {
    const [board, settings] = await Promise.all([this.leaderboard(sessionId), readSettings(this.#ctx.db, sessionId)]);
    this.#pushes.leaderboard(sessionId, board, settings.showLeaderboardOnEndpoints);
  }

  /** Host/admin: the session's quiz settings. */
  async settings(actor: Identity, sessionId: string): Promise<QuizSettings> {
    await this.bank.assertManager(actor, sessionId);
    return readSettings(this.#ctx.db, sessionId);
  }

  /** Host/admin: changes settings; showing or hiding the leaderboard pushes it to the screens. */
  async updateSettings(actor: Identity, sessionId: string, change: Partial<QuizSettings>): Promise<QuizSettings> {
    await this.bank.assertManager(actor, sessionId);
    const settings = await writeSettings(this.#ctx.db, sessionId, change);
    if (change.showLeaderboardOnEndpoints !== undefined) await this.pushLeaderboard(sessionId);
    return settings;
  }

  async setShowLeaderboard(actor: Identity, sessionId: string, visible: boolean): Promise<boolean> {
    await this.updateSettings(actor, sessionId, { showLeaderboardOnEndpoints: visible });
    return visible;
  }
}
