import type { Identity, Leaderboard } from '@diem-cau/shared';
import type { AppContext } from '../../context/types.js';
import type { SessionService } from '../sessions/index.js';
import { buildLeaderboard } from './leaderboard.js';
import { LiveQuiz } from './LiveQuiz.js';
import { Makeup } from './Makeup.js';
import { QuestionBank } from './QuestionBank.js';
import { readSettings, writeSettings } from './settings.js';

/** The quiz domain's services for one app: the bank, live runs, make-up, leaderboards. */
export class QuizDomain {
  readonly bank: QuestionBank;
  readonly live: LiveQuiz;
  readonly makeup: Makeup;
  readonly #ctx: AppContext;
  readonly #sessions: SessionService;
  #unwatch: (() => void) | undefined;

  constructor(ctx: AppContext, sessions: SessionService) {
    this.#ctx = ctx;
    this.#sessions = sessions;
    this.bank = new QuestionBank(ctx.db, this.#sessions);
    this.live = new LiveQuiz(ctx, this.#sessions, this.bank);
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

  async leaderboard(sessionId: string): Promise<Leaderboard> {
    return buildLeaderboard(this.#ctx.db, sessionId, await this.#sessions.listInvitedEndpoints(sessionId));
  }

  /** Hosts always get the fresh leaderboard; endpoint screens only while the host shows it. */
  async pushLeaderboard(sessionId: string): Promise<void> {
    const [board, settings] = await Promise.all([this.leaderboard(sessionId), readSettings(this.#ctx.db, sessionId)]);
    this.#ctx.live.emit({ session: sessionId, staff: true }, 'quiz:leaderboard', { sessionId, leaderboard: board });
    this.#ctx.live.emit({ session: sessionId, role: 'endpoint' }, 'quiz:leaderboard', {
      sessionId,
      leaderboard: settings.showLeaderboardOnEndpoints ? board : null,
    });
  }

  async setShowLeaderboard(actor: Identity, sessionId: string, visible: boolean): Promise<boolean> {
    await this.bank.assertManager(actor, sessionId);
    await writeSettings(this.#ctx.db, sessionId, { showLeaderboardOnEndpoints: visible });
    await this.pushLeaderboard(sessionId);
    return visible;
  }
}
