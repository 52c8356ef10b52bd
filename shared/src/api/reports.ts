import { z } from 'zod';
import { idSchema, isoDateTimeSchema } from '../domain/session.js';
import { linkQualityRowSchema } from './linkQuality.js';

/** Life of a report: its job is queued, running, done (result and files stored) or failed. */
export const REPORT_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export const reportStatusSchema = z.enum(REPORT_STATUSES);
export type ReportStatus = z.infer<typeof reportStatusSchema>;

export const REPORT_KINDS = ['session', 'range'] as const;
export const reportKindSchema = z.enum(REPORT_KINDS);
export type ReportKind = z.infer<typeof reportKindSchema>;

/** A report id is its job id: `report.session.<sessionId>.<version>` or `report.range.<hash>.<version>`. */
export const reportIdSchema = z.string().regex(/^report\.(session|range)\.[A-Za-z0-9-]{1,64}\.[a-f0-9]{8,64}$/);

/** POST /api/reports/range — participation across the sessions started within [from, to]. */
export const rangeReportRequestSchema = z
  .object({
    from: isoDateTimeSchema,
    to: isoDateTimeSchema,
    districtId: idSchema.optional(),
  })
  .strict()
  .refine((v) => Date.parse(v.to) > Date.parse(v.from), { message: 'to must be after from', path: ['to'] })
  .refine((v) => Date.parse(v.to) - Date.parse(v.from) <= 3 * 366 * 86_400_000, {
    message: 'at most three years',
    path: ['to'],
  });
export type RangeReportRequest = z.infer<typeof rangeReportRequestSchema>;

/** POST /api/reports/sessions/:sessionId — the session's report, for the whole province or one district. */
export const sessionReportRequestSchema = z.object({ districtId: idSchema.optional() }).strict();
export type SessionReportRequest = z.infer<typeof sessionReportRequestSchema>;

/** GET /api/reports/sessions/:sessionId/live?districtId= — figures computed now (live dashboard). */
export const liveReportQuerySchema = z.object({ districtId: idSchema.optional() }).strict();

/** GET /api/reports?kind=&sessionId= — the latest reports. */
export const listReportsQuerySchema = z
  .object({ kind: reportKindSchema.optional(), sessionId: idSchema.optional() })
  .strict();

/** Which table of a report a CSV download holds (see reportTableKeys). */
export const exportCsvQuerySchema = z.object({ table: z.string().regex(/^[a-z_]{1,32}$/) }).strict();

export const reportFileSchema = z.object({ format: z.enum(['xlsx', 'csv']), table: z.string(), filename: z.string() });

/** What the status routes answer; `progress` is 0–100. */
export const reportInfoSchema = z.object({
  id: z.string(),
  kind: reportKindSchema,
  sessionId: z.string().nullable(),
  params: z.record(z.string(), z.unknown()),
  status: reportStatusSchema,
  progress: z.number(),
  runs: z.number().int(),
  error: z.string().nullable(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
  files: z.array(reportFileSchema),
});
export type ReportInfo = z.infer<typeof reportInfoSchema>;

const ms = z.number();
const nullableTime = z.string().nullable();

export const endpointRowSchema = z.object({
  endpointId: z.string(),
  endpointName: z.string(),
  communeName: z.string(),
  districtId: z.string().nullable(),
  districtName: z.string(),
  firstJoin: nullableTime,
  lastLeave: nullableTime,
  /** True while a connection interval is still open. */
  connectedNow: z.boolean(),
  connectedMs: ms,
  /** Share of the session (0–1) the endpoint was connected. */
  share: z.number(),
  reconnects: z.number().int(),
  headcountMax: z.number().int().nullable(),
  headcountLatest: z.number().int().nullable(),
  quizAnswers: z.number().int(),
  quizCorrectRate: z.number().nullable(),
  teamPoints: z.number().int(),
});
export type EndpointReportRow = z.infer<typeof endpointRowSchema>;

/**
 * How a member took part in a session: live (attended for the threshold share), make-up study
 * completed alone from the recording or in a hall make-up session, or absent.
 */
export const PARTICIPATIONS = ['live', 'makeup_individual', 'makeup_hall', 'absent'] as const;
export const participationSchema = z.enum(PARTICIPATIONS);
export type Participation = z.infer<typeof participationSchema>;

export const memberRowSchema = z.object({
  memberId: z.string(),
  memberNumber: z.string(),
  fullName: z.string(),
  gender: z.enum(['male', 'female']),
  birthYear: z.number().int(),
  cellId: z.string(),
  cellName: z.string(),
  communeId: z.string(),
  communeName: z.string(),
  districtId: z.string().nullable(),
  districtName: z.string(),
  invited: z.boolean(),
  checkedInAt: nullableTime,
  checkedOutAt: nullableTime,
  presentMs: ms,
  attended: z.boolean(),
  /** Reports built before make-up study have none: read it with `participationOf`. */
  participation: participationSchema.optional(),
  /** When make-up study was completed (null when it was not). */
  makeupCompletedAt: nullableTime.optional(),
  endpointNames: z.array(z.string()),
  /** Questions launched in the session, answers this member gave, and how many were right. */
  quizAsked: z.number().int(),
  quizAnswered: z.number().int(),
  quizCorrect: z.number().int(),
  quizPoints: z.number().int(),
});
export type MemberReportRow = z.infer<typeof memberRowSchema>;

/** A member row's participation, also for reports stored before make-up study existed. */
export const participationOf = (m: Pick<MemberReportRow, 'attended' | 'participation'>): Participation =>
  m.participation ?? (m.attended ? 'live' : 'absent');

export const absenteeGroupSchema = z.object({
  cellId: z.string(),
  cellName: z.string(),
  communeName: z.string(),
  districtName: z.string(),
  members: z.array(z.object({ memberId: z.string(), memberNumber: z.string(), fullName: z.string(), presentMs: ms })),
});
export type AbsenteeGroup = z.infer<typeof absenteeGroupSchema>;

export const questionRowSchema = z.object({
  runId: z.string(),
  questionId: z.string(),
  position: z.number().int(),
  prompt: z.string(),
  answers: z.number().int(),
  correct: z.number().int(),
  correctRate: z.number().nullable(),
  distribution: z.array(
    z.object({ key: z.string(), label: z.string(), count: z.number().int(), correct: z.boolean() }),
  ),
});
export type QuestionReportRow = z.infer<typeof questionRowSchema>;

export const sessionReportSchema = z.object({
  kind: z.literal('session'),
  generatedAt: z.string(),
  /** Until when the figures run: the session's end, or the time of computing while it is live. */
  asOf: nullableTime,
  session: z.object({
    id: z.string(),
    title: z.string(),
    status: z.string(),
    startedAt: nullableTime,
    endedAt: nullableTime,
    durationMs: ms,
    attendanceThreshold: z.number(),
  }),
  districtId: z.string().nullable(),
  summary: z.object({
    invitedEndpoints: z.number().int(),
    connectedEndpoints: z.number().int(),
    invitedMembers: z.number().int(),
    checkedInMembers: z.number().int(),
    attendedMembers: z.number().int(),
    attendanceRate: z.number().nullable(),
    /** Invited members who missed the live session and completed make-up study (alone or in a hall). */
    makeupMembers: z.number().int().default(0),
    makeupHallMembers: z.number().int().default(0),
    /** Invited members neither live nor made up. */
    absentMembers: z.number().int().default(0),
    /** (live + make-up) / invited. */
    completionRate: z.number().nullable().default(null),
    headcountLatestTotal: z.number().int(),
    quizQuestions: z.number().int(),
    quizCorrectRate: z.number().nullable(),
    /** Endpoints whose link quality record is flagged weak (reports built before it have none). */
    weakLinks: z.number().int().default(0),
  }),
  endpoints: z.array(endpointRowSchema),
  members: z.array(memberRowSchema),
  absentees: z.array(absenteeGroupSchema),
  quiz: z.array(questionRowSchema),
  /** Each endpoint's link over the session, weakest first. */
  linkQuality: z.array(linkQualityRowSchema).default([]),
});
export type SessionReport = z.infer<typeof sessionReportSchema>;

export const rateRowSchema = z.object({
  key: z.string(),
  label: z.string(),
  /** Parent labels, e.g. the district of a commune. */
  parent: z.string(),
  invited: z.number().int(),
  attended: z.number().int(),
  rate: z.number().nullable(),
  /** Of the invited, those who made up for a missed session (alone or in a hall), and their share with the live. */
  makeup: z.number().int().default(0),
  completedRate: z.number().nullable().default(null),
  quizAnswers: z.number().int(),
  quizCorrectRate: z.number().nullable(),
});
export type RateRow = z.infer<typeof rateRowSchema>;

export const rangeReportSchema = z.object({
  kind: z.literal('range'),
  generatedAt: z.string(),
  from: z.string(),
  to: z.string(),
  districtId: z.string().nullable(),
  sessions: z.number().int(),
  summary: rateRowSchema,
  byDistrict: z.array(rateRowSchema),
  byCommune: z.array(rateRowSchema),
  byCell: z.array(rateRowSchema),
  byGender: z.array(rateRowSchema),
  byAgeGroup: z.array(rateRowSchema),
  trend: z.array(
    z.object({
      sessionId: z.string(),
      title: z.string(),
      startedAt: z.string(),
      invited: z.number().int(),
      attended: z.number().int(),
      rate: z.number().nullable(),
      makeup: z.number().int().default(0),
      connectedEndpoints: z.number().int(),
      invitedEndpoints: z.number().int(),
      quizCorrectRate: z.number().nullable(),
    }),
  ),
});
export type RangeReport = z.infer<typeof rangeReportSchema>;

export const reportResultSchema = z.discriminatedUnion('kind', [sessionReportSchema, rangeReportSchema]);
export type ReportResult = z.infer<typeof reportResultSchema>;

/** POST answers: the report (maybe already done: asking twice never builds twice). */
export const requestReportResponseSchema = reportInfoSchema;
