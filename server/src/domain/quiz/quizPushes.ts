import type { Distribution, Leaderboard, Reveal, ServerToClientEvents } from '@diem-cau/shared';
import type { AppContext } from '../../context/types.js';
import type { SessionService } from '../sessions/index.js';
import { liveRun, type RunState } from './runState.js';

/**
 * Everything the quiz pushes to clients, through `ctx.live` only: questions, run changes and reveals
 * to every screen of the session, live distributions to its hosts, the open question to a phone that
 * just arrived, and leaderboards. `ctx.live` is read at each push: the context gets it after the
 * domain is built.
 */
export class QuizPushes {
  readonly #ctx: Pick<AppContext, 'live'>;
  readonly #sessions: SessionService;

  constructor(ctx: Pick<AppContext, 'live'>, sessions: SessionService) {
    this.#ctx = ctx;
    this.#sessions = sessions;
  }

  /** A question was launched. */
  question(run: RunState): Promise<void> {
    return this.#toSession(run.sessionId, 'quiz:question', liveRun(run));
  }

  /** The run's deadline moved or it closed. */
  runChanged(run: RunState): Promise<void> {
    return this.#toSession(run.sessionId, 'quiz:run', liveRun(run));
  }

  reveal(sessionId: string, reveal: Reveal): Promise<void> {
    return this.#toSession(sessionId, 'quiz:reveal', reveal);
  }

  /** The live distribution, to the session's hosts only. */
  distribution(sessionId: string, distribution: Distribution): void {
    this.#ctx.live.emit({ session: sessionId, staff: true }, 'quiz:distribution', distribution);
  }

  /** The open question, to one phone that has just entered its endpoint's room. */
  openQuestion(socketId: string, run: RunState): void {
    this.#ctx.live.emit({ socket: socketId }, 'quiz:question', liveRun(run));
  }

  /** Hosts always get the leaderboard; endpoint screens only while the host shows it (null = hidden). */
  leaderboard(sessionId: string, board: Leaderboard, showOnEndpoints: boolean): void {
    this.#ctx.live.emit({ session: sessionId, staff: true }, 'quiz:leaderboard', { sessionId, leaderboard: board });
    this.#ctx.live.emit({ session: sessionId, role: 'endpoint' }, 'quiz:leaderboard', {
      sessionId,
      leaderboard: showOnEndpoints ? board : null,
    });
  }

  /** Pushes to the session's hosts and every invited endpoint's room (screens and checked-in phones). */
  async #toSession<K extends 'quiz:question' | 'quiz:run' | 'quiz:reveal'>(
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
}
