import { STAFF_ROLES, isStaff } from '@diem-cau/shared';
import type { AppContext } from '../../context/types.js';
import { joinedSession } from '../../signaling/joinedSession.js';
import type { HandlerTable } from '../../signaling/types.js';
import { memberTotal } from './leaderboard.js';
import { quizDomain } from './services.js';
import { readSettings } from './settings.js';

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
      handle: async (h, p) => {
        const sessionId = joinedSession(h);
        await quiz.bank.assertManager(h.identity, sessionId);
        return quiz.live.distribution(await quiz.live.requireRun(sessionId, p.runId));
      },
    },
    'quiz:leaderboard': {
      roles: STAFF_ROLES,
      handle: async (h) => {
        const sessionId = joinedSession(h);
        await quiz.bank.assertManager(h.identity, sessionId);
        return quiz.leaderboard(sessionId);
      },
    },
    'quiz:answer': {
      roles: ['member'],
      handle: (h, p) => quiz.live.answer(h.identity.subject, joinedSession(h), p.runId, p.answer),
    },
    'quiz:teamAnswer': {
      roles: ['endpoint'],
      handle: (h, p) => quiz.live.teamAnswer(h.identity.subject, joinedSession(h), p.runId, p.answer),
    },
    'quiz:state': {
      handle: async (h) => {
        const sessionId = joinedSession(h);
        const { role, subject } = h.identity;
        const run = await quiz.live.currentRun(sessionId);
        const staff = isStaff(role);
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
