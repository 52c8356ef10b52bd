import { z } from 'zod';
import { idSchema } from '../domain/session.js';

/** The four kinds of question a bank holds. */
export const QUESTION_TYPES = ['single', 'multiple', 'true_false', 'short'] as const;
export const questionTypeSchema = z.enum(QUESTION_TYPES);
export type QuestionType = z.infer<typeof questionTypeSchema>;

export const MAX_OPTIONS = 6;
export const MIN_TIME_LIMIT_S = 5;
export const MAX_TIME_LIMIT_S = 600;
/** Short answers are compared after normalisation; see server/src/domain/quiz/normalize.ts. */
export const MAX_ACCEPTED_ANSWERS = 20;

const optionText = z.string().trim().min(1).max(300);
const acceptedText = z.string().trim().min(1).max(200);

/**
 * A question as the host writes it. Rules per type:
 * - single: 2–6 options, exactly one correct index;
 * - multiple: 2–6 options, at least one correct index;
 * - true_false: no options (screens show "Đúng"/"Sai"), correct is [0] for true or [1] for false;
 * - short: no options, no correct indexes, 1–20 accepted answers.
 */
export const questionInputSchema = z
  .object({
    type: questionTypeSchema,
    prompt: z.string().trim().min(1).max(1000),
    options: z.array(optionText).max(MAX_OPTIONS).default([]),
    correct: z
      .array(
        z
          .number()
          .int()
          .min(0)
          .max(MAX_OPTIONS - 1),
      )
      .max(MAX_OPTIONS)
      .default([]),
    accepted: z.array(acceptedText).max(MAX_ACCEPTED_ANSWERS).default([]),
    timeLimitS: z.number().int().min(MIN_TIME_LIMIT_S).max(MAX_TIME_LIMIT_S).default(30),
    explanation: z.string().trim().max(2000).default(''),
  })
  .strict()
  .superRefine((q, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    const unique = new Set(q.correct);
    if (unique.size !== q.correct.length) issue('correct', 'correct indexes repeat');
    if (q.type === 'single' || q.type === 'multiple') {
      if (q.options.length < 2) issue('options', 'a choice question needs at least 2 options');
      if (q.correct.some((i) => i >= q.options.length)) issue('correct', 'a correct index points past the options');
      if (q.type === 'single' && q.correct.length !== 1)
        issue('correct', 'a single-choice question has exactly one correct option');
      if (q.type === 'multiple' && q.correct.length < 1)
        issue('correct', 'a multiple-choice question has at least one correct option');
      if (q.accepted.length > 0) issue('accepted', 'only short-answer questions have accepted answers');
    } else if (q.type === 'true_false') {
      if (q.options.length > 0) issue('options', 'a true/false question has no options');
      if (q.correct.length !== 1 || (q.correct[0] !== 0 && q.correct[0] !== 1))
        issue('correct', 'true/false: correct is [0] (true) or [1] (false)');
      if (q.accepted.length > 0) issue('accepted', 'only short-answer questions have accepted answers');
    } else {
      if (q.options.length > 0) issue('options', 'a short-answer question has no options');
      if (q.correct.length > 0) issue('correct', 'a short-answer question has accepted answers, not correct indexes');
      if (q.accepted.length < 1) issue('accepted', 'a short-answer question needs at least one accepted answer');
    }
  });
export type QuestionInput = z.input<typeof questionInputSchema>;
export type QuestionData = z.output<typeof questionInputSchema>;

/** A stored question of a session's bank (what the host sees, answers included). */
export const questionSchema = z.object({
  id: idSchema,
  sessionId: idSchema,
  position: z.number().int(),
  type: questionTypeSchema,
  prompt: z.string(),
  options: z.array(z.string()),
  correct: z.array(z.number().int()),
  accepted: z.array(z.string()),
  timeLimitS: z.number().int(),
  explanation: z.string(),
  updatedAt: z.string(),
});
export type Question = z.infer<typeof questionSchema>;

/** PUT /api/quiz/sessions/:sessionId/questions/order — the bank's new order (every id, once). */
export const reorderQuestionsRequestSchema = z.object({ ids: z.array(idSchema).min(1).max(500) }).strict();

/** Query of POST …/questions/import: append to the bank, or replace it. */
export const importQuestionsQuerySchema = z.object({ mode: z.enum(['append', 'replace']).default('append') }).strict();
export const importQuestionsResponseSchema = z.object({
  imported: z.number().int(),
  questions: z.array(questionSchema),
});
export type ImportQuestionsResponse = z.infer<typeof importQuestionsResponseSchema>;

/** Query of GET …/questions/export. */
export const exportQuestionsQuerySchema = z.object({ format: z.enum(['xlsx', 'csv']).default('xlsx') }).strict();

/** An answer: chosen option indexes (single, multiple, true/false) or a text (short). */
export const answerSchema = z.union([
  z
    .object({
      choice: z
        .array(
          z
            .number()
            .int()
            .min(0)
            .max(MAX_OPTIONS - 1),
        )
        .min(1)
        .max(MAX_OPTIONS),
    })
    .strict(),
  z.object({ text: z.string().trim().min(1).max(200) }).strict(),
]);
export type Answer = z.infer<typeof answerSchema>;

/** How many gave each answer. Choice questions count each option; short answers by normalised text. */
export const distributionSchema = z.object({
  runId: idSchema,
  type: questionTypeSchema,
  /** Answers stored (members and endpoint teams). */
  total: z.number().int(),
  /** Members' answers among `total`. */
  members: z.number().int(),
  /** Endpoint team answers among `total`. */
  teams: z.number().int(),
  /** Choice questions: count per option index (true/false: [true, false]). */
  options: z.array(z.number().int()),
  /** Short answers: the most frequent normalised texts (up to 10). */
  texts: z.array(z.object({ text: z.string(), count: z.number().int() })),
  /** Correct answers among `total`; null until the answer is revealed. */
  correct: z.number().int().nullable(),
});
export type Distribution = z.infer<typeof distributionSchema>;

export const leaderboardRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Endpoint or district the row belongs to (members: their endpoint; endpoints: their district). */
  group: z.string().nullable(),
  correct: z.number().int(),
  answered: z.number().int(),
  score: z.number(),
  /** Endpoints: where the score comes from. */
  basis: z.enum(['members', 'team', 'none']).optional(),
});
export type LeaderboardRow = z.infer<typeof leaderboardRowSchema>;

export const leaderboardSchema = z.object({
  sessionId: idSchema,
  members: z.array(leaderboardRowSchema),
  endpoints: z.array(leaderboardRowSchema),
  districts: z.array(leaderboardRowSchema),
  /** How many members answered at all (the members list is cut to the top rows). */
  memberCount: z.number().int(),
});
export type Leaderboard = z.infer<typeof leaderboardSchema>;

/** GET/PUT /api/quiz/sessions/:sessionId/settings */
export const quizSettingsSchema = z
  .object({
    showLeaderboardOnEndpoints: z.boolean(),
    makeupEnabled: z.boolean(),
    makeupMaxAttempts: z.number().int().min(1).max(10),
  })
  .strict();
export type QuizSettings = z.infer<typeof quizSettingsSchema>;
export const updateQuizSettingsSchema = quizSettingsSchema.partial().strict();

/** POST …/makeup/allow — members the host lets take the make-up quiz though they attended. */
export const makeupAllowRequestSchema = z.object({ memberIds: z.array(idSchema).min(1).max(5000) }).strict();
export const makeupAllowResponseSchema = z.object({ allowed: z.number().int() });

/** A question as a member sees it while answering (no correct answer). */
export const publicQuestionSchema = z.object({
  id: idSchema,
  position: z.number().int(),
  type: questionTypeSchema,
  prompt: z.string(),
  options: z.array(z.string()),
  timeLimitS: z.number().int(),
});
export type PublicQuestion = z.infer<typeof publicQuestionSchema>;

/**
 * What a member learns about one make-up answer: the answer itself always; whether it was right, the
 * correct answer and the explanation only once no attempt is left (`revealed`), so a first attempt
 * cannot teach the second. Until then `correct` and `points` are null and the rest empty.
 */
export const answerResultSchema = z.object({
  questionId: idSchema,
  answer: answerSchema,
  revealed: z.boolean(),
  correct: z.boolean().nullable(),
  points: z.number().int().nullable(),
  correctChoice: z.array(z.number().int()),
  accepted: z.array(z.string()),
  explanation: z.string(),
});
export type AnswerResult = z.infer<typeof answerResultSchema>;

/** GET /api/quiz/sessions/:sessionId/makeup — may this member take it, and how it went so far. */
export const makeupStatusSchema = z.object({
  sessionId: idSchema,
  sessionTitle: z.string(),
  eligible: z.boolean(),
  /** Why not, when not eligible: not_ended, disabled, attended, no_attempts_left, no_questions, or
   *  study_incomplete (the recording's make-up study must be completed first). */
  reason: z
    .enum(['not_ended', 'disabled', 'attended', 'no_attempts_left', 'no_questions', 'study_incomplete'])
    .nullable(),
  maxAttempts: z.number().int(),
  attempts: z.array(
    z.object({
      id: idSchema,
      number: z.number().int(),
      startedAt: z.string(),
      finishedAt: z.string().nullable(),
      correct: z.number().int(),
      score: z.number().int(),
    }),
  ),
});
export type MakeupStatus = z.infer<typeof makeupStatusSchema>;

/** GET /api/quiz/makeup — the ended sessions whose make-up quiz this member may take or has taken. */
export const makeupListSchema = z.array(makeupStatusSchema);
export type MakeupList = z.infer<typeof makeupListSchema>;

/** POST …/makeup/attempts — a new attempt with the questions to answer in order. */
export const makeupAttemptSchema = z.object({
  id: idSchema,
  number: z.number().int(),
  questions: z.array(publicQuestionSchema),
  results: z.array(answerResultSchema),
  finishedAt: z.string().nullable(),
});
export type MakeupAttempt = z.infer<typeof makeupAttemptSchema>;

/** POST /api/quiz/makeup/attempts/:attemptId/answers */
export const makeupAnswerRequestSchema = z.object({ questionId: idSchema, answer: answerSchema }).strict();

/** POST /api/quiz/makeup/attempts/:attemptId/finish and the host's make-up results. */
export const makeupResultSchema = z.object({
  attemptId: idSchema,
  memberId: idSchema,
  memberName: z.string(),
  number: z.number().int(),
  correct: z.number().int(),
  total: z.number().int(),
  score: z.number().int(),
  finishedAt: z.string().nullable(),
});
export type MakeupResult = z.infer<typeof makeupResultSchema>;
