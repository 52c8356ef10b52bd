import { STAFF_ROLES } from '@diem-cau/shared';
import type { AppContext } from '../../context/types.js';
import { joinedSession } from '../../signaling/joinedSession.js';
import type { HandlerTable } from '../../signaling/types.js';
import { quizDomain } from './services.js';

/** Socket.IO requests of the live quiz. Each checks its role (table) and the joined session. */
export function quizHandlers(ctx: AppContext): HandlerTable {
  const quiz = quizDomain(ctx);
  return {
    'quiz:launch': {
      roles: STAFF_ROLES,
      handle: (h, p) => quiz.live.launch(h.identity, joinedSession(h), p.questionId),
    },
    'quiz:close': { roles: STAFF_ROLES, handle: (h, p) => quiz.live.close(h.identity, joinedSession(h), p.runId) },
    'quiz:extend': {
      roles: STAFF_ROLES,
      handle: (h, p) => quiz.live.extend(h.identity, joinedSession(h), p.runId, p.seconds),
    },
    'quiz:reveal': { roles: STAFF_ROLES, handle: (h, p) => quiz.live.reveal(h.identity, joinedSession(h), p.runId) },
    'quiz:showLeaderboard': {
      roles: STAFF_ROLES,
      handle: async (h, p) => ({
        visible: await quiz.setShowLeaderboard(h.identity, joinedSession(h), p.visible),
      }),
    },
    'quiz:distribution': {
      roles: STAFF_ROLES,
      handle: (h, p) => quiz.live.distributionFor(h.identity, joinedSession(h), p.runId),
    },
    'quiz:leaderboard': { roles: STAFF_ROLES, handle: (h) => quiz.leaderboardFor(h.identity, joinedSession(h)) },
    'quiz:answer': {
      roles: ['member'],
      handle: (h, p) => quiz.live.answer(h.identity.subject, joinedSession(h), p.runId, p.answer),
    },
    'quiz:teamAnswer': {
      roles: ['endpoint'],
      handle: (h, p) => quiz.live.teamAnswer(h.identity.subject, joinedSession(h), p.runId, p.answer),
    },
    'quiz:state': { handle: (h) => quiz.stateFor(h.identity, joinedSession(h)) },
  };
}
