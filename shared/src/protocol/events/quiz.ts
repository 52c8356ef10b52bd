import { z } from 'zod';
import {
  answerSchema,
  distributionSchema,
  leaderboardSchema,
  publicQuestionSchema,
  questionTypeSchema,
} from '../../api/quiz.js';
import { idSchema } from '../../domain/session.js';
import type { PushMap, RequestMap } from '../define.js';

/** A question running live: times are server epoch milliseconds (clients correct with system:time). */
export const liveRunSchema = z.object({
  runId: idSchema,
  sessionId: idSchema,
  question: publicQuestionSchema,
  startedAt: z.number(),
  deadline: z.number(),
  /** Set when the host closed it early or the deadline passed. */
  closedAt: z.number().nullable(),
  revealed: z.boolean(),
  /** The server's clock when this was sent, to show the countdown from the server's time. */
  serverNow: z.number(),
});
export type LiveRun = z.infer<typeof liveRunSchema>;

/** The answer once revealed. */
export const revealSchema = z.object({
  runId: idSchema,
  type: questionTypeSchema,
  correctChoice: z.array(z.number().int()),
  accepted: z.array(z.string()),
  explanation: z.string(),
  distribution: distributionSchema,
});
export type Reveal = z.infer<typeof revealSchema>;

/** What the server stored for one answer; a resend returns the same. */
export const storedAnswerSchema = z.object({
  runId: idSchema,
  answer: answerSchema,
  answeredAt: z.number(),
  elapsedMs: z.number().int(),
  /** Known only once revealed (null before). */
  correct: z.boolean().nullable(),
  points: z.number().int().nullable(),
});
export type StoredAnswer = z.infer<typeof storedAnswerSchema>;

const runRef = z.object({ runId: idSchema }).strict();

export const quizRequests = {
  /** Host: put a question of this session's bank on every screen; the deadline is now + its time limit. */
  'quiz:launch': { request: z.object({ questionId: idSchema }).strict(), response: liveRunSchema },
  /** Host: stop taking answers now. */
  'quiz:close': { request: runRef, response: liveRunSchema },
  /** Host: move an open question's deadline later. */
  'quiz:extend': {
    request: z.object({ runId: idSchema, seconds: z.number().int().min(5).max(300) }).strict(),
    response: liveRunSchema,
  },
  /** Host: close (if still open) and show the answer and the distribution on every screen. */
  'quiz:reveal': { request: runRef, response: revealSchema },
  /** Host: show or hide the leaderboard on the endpoint screens. */
  'quiz:showLeaderboard': {
    request: z.object({ visible: z.boolean() }).strict(),
    response: z.object({ visible: z.boolean() }),
  },
  /**
   * Member checked in to the session: answer the open question. Stored once per member and question;
   * a resend is answered with the stored answer. Codes: DEADLINE_PASSED, FORBIDDEN (not checked in).
   */
  'quiz:answer': {
    request: z.object({ runId: idSchema, answer: answerSchema }).strict(),
    response: storedAnswerSchema,
  },
  /** Endpoint: the hall's team answer (for members without phones); once per endpoint and question. */
  'quiz:teamAnswer': {
    request: z.object({ runId: idSchema, answer: answerSchema }).strict(),
    response: storedAnswerSchema,
  },
  /** Anyone in the session: the current question, its reveal, my answer, the leaderboard when shown. */
  'quiz:state': {
    request: z.object({}).strict(),
    response: z.object({
      run: liveRunSchema.nullable(),
      reveal: revealSchema.nullable(),
      mine: storedAnswerSchema.nullable(),
      /** Members: their total score in the session so far (null before their first answer). */
      total: z.number().int().nullable(),
      leaderboard: leaderboardSchema.nullable(),
    }),
  },
  /** Host: the live distribution of a run (the host sees it before the reveal). */
  'quiz:distribution': { request: runRef, response: distributionSchema },
  /** Host: the leaderboards (members, endpoints, districts). */
  'quiz:leaderboard': { request: z.object({}).strict(), response: leaderboardSchema },
} satisfies RequestMap;

export const quizPushes = {
  /** A question was launched: to hosts, endpoint screens, and the phones of checked-in members. */
  'quiz:question': liveRunSchema,
  /** The deadline moved or the question closed (same audience). */
  'quiz:run': liveRunSchema,
  /** The answer and distribution (same audience). */
  'quiz:reveal': revealSchema,
  /** Live distribution while answers arrive (hosts only, at most a few times a second). */
  'quiz:distribution': distributionSchema,
  /** Leaderboard for endpoint screens (null = hidden), and for hosts after each reveal. */
  'quiz:leaderboard': z.object({ sessionId: idSchema, leaderboard: leaderboardSchema.nullable() }),
} satisfies PushMap;
