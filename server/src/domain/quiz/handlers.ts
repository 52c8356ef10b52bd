import type { AppContext } from '../../modules/types.js';
import { requireJoinedSession } from '../../signaling/requireJoinedSession.js';
import type { HandlerTable } from '../../signaling/types.js';
import { memberTotal } from './leaderboard.js';
import { quizDomain } from './QuizDomain.js';
import { readSettings } from './settings.js';

const STAFF = ['host', 'admin'] as const;

/** Socket.IO requests of the live quiz. Each checks its role (table) and the joined session. */
export function quizHandlers(ctx: AppContext): HandlerTable {
  const quiz = quizDomain(ctx);
  return {
    'quiz:launch': {
      roles: STAFF,
      handle: (h, p) => quiz.live.launch(h.identity, requireJoinedSession(h), p.questionId),
    },
    'quiz:close': { roles: STAFF, handle: (h, p) => quiz.live.close(h.identity, requireJoinedSession(h), p.runId) },
    'quiz:extend': {
      roles: STAFF,
      handle: (h, p) => quiz.live.extend(h.identity, requireJoinedSession(h), p.runId, p.seconds),
    },
    'quiz:reveal': { roles: STAFF, handle: (h, p) => quiz.live.reveal(h.identity, requireJoinedSession(h), p.runId) },
    'quiz:showLeaderboard': {
      roles: STAFF,
      handle: async (h, p) => ({
        visible: await quiz.setShowLeaderboard(h.identity, requireJoinedSession(h), p.visible),
      }),
    },
    'quiz:distribution': {
      roles: STAFF,
      handle: async (h, p) => {
        const sessionId = requireJoinedSession(h);
        await quiz.bank.assertManager(h.identity, sessionId);
        return quiz.live.distribution(await quiz.live.requireRun(sessionId, p.runId));
      },
    },
    'quiz:leaderboard': {
      roles: STAFF,
      handle: async (h) => {
        const sessionId = requireJoinedSession(h);
        await quiz.bank.assertManager(h.identity, sessionId);
        return quiz.leaderboard(sessionId);
      },
    },
    'quiz:answer': {
      roles: ['member'],
      handle: (h, p) => quiz.live.answer(h.identity.subject, requireJoinedSession(h), p.runId, p.answer),
    },
    'quiz:teamAnswer': {
      roles: ['endpoint'],
      handle: (h, p) => quiz.live.teamAnswer(h.identity.subject, requireJoinedSession(h), p.runId, p.answer),
    },
    'quiz:state': {
      handle: async (h) => {
        const sessionId = requireJoinedSession(h);
        const { role, subject } = h.identity;
        const run = await quiz.live.currentRun(sessionId);
        const staff = role === 'host' || role === 'admin';
        const showBoard =
          staff || (role === 'endpoint' && (await readSettings(ctx.db, sessionId)).showLeaderboardOnEndpoints);
        const mine =
          run && role === 'member'
            ? await quiz.live.storedAnswer(run, { memberId: subject })
            : run && role === 'endpoint'
              ? await quiz.live.storedAnswer(run, { endpointId: subject })
              : null;
        return {
          run: run ? quiz.live.liveRun(run) : null,
          reveal: run && run.revealedMs !== null ? await quiz.live.revealOf(run) : null,
          mine,
          total: role === 'member' ? await memberTotal(ctx.db, sessionId, subject) : null,
          leaderboard: showBoard ? await quiz.leaderboard(sessionId) : null,
        };
      },
    },
  };
}
