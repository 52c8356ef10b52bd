import { z } from 'zod';
import { identitySchema } from '../domain/identity.js';
import { idSchema } from '../domain/session.js';
import { attendanceSnapshotSchema, checkinSessionSchema, sessionAttendanceSchema } from './attendance.js';
import {
  accountSchema,
  authResponseSchema,
  changeMemberPinRequestSchema,
  createAccountRequestSchema,
  deviceSessionRequestSchema,
  endpointLoginRequestSchema,
  endpointPairRequestSchema,
  loginRequestSchema,
  memberLoginRequestSchema,
  standbyResponseSchema,
} from './auth.js';
import { defineRoute, FILE, MULTIPART_FILE, NO_CONTENT, TEXT, type RouteDefinition } from './define.js';
import { sessionDocumentSchema, uploadDocumentQuerySchema } from './documents.js';
import { auditPageSchema, exportAuditQuerySchema, listAuditQuerySchema } from './audit.js';
import {
  bulkEndpointKeysRequestSchema,
  bulkPinsRequestSchema,
  endpointSchema,
  endpointSheetSchema,
  issuedPinSchema,
  listEndpointsQuerySchema,
  listUnitsQuerySchema,
  orgUnitSchema,
  pinBatchSchema,
  rotatedKeySchema,
} from './org.js';
import {
  createEndpointRequestSchema,
  createUnitRequestSchema,
  exportQuerySchema,
  importResultSchema,
  listMembersQuerySchema,
  memberInputSchema,
  memberPageSchema,
  memberSchema,
  orgTableSchema,
  updateEndpointRequestSchema,
  updateMemberRequestSchema,
  updateUnitRequestSchema,
} from './orgAdmin.js';
import {
  answerResultSchema,
  exportQuestionsQuerySchema,
  importQuestionsQuerySchema,
  importQuestionsResponseSchema,
  leaderboardSchema,
  makeupAllowRequestSchema,
  makeupAllowResponseSchema,
  makeupAnswerRequestSchema,
  makeupAttemptSchema,
  makeupListSchema,
  makeupResultSchema,
  makeupStatusSchema,
  questionInputSchema,
  questionSchema,
  quizSettingsSchema,
  reorderQuestionsRequestSchema,
  updateQuizSettingsSchema,
} from './quiz.js';
import {
  exportCsvQuerySchema,
  listReportsQuerySchema,
  liveReportQuerySchema,
  rangeReportRequestSchema,
  reportIdSchema,
  reportInfoSchema,
  reportResultSchema,
  sessionReportRequestSchema,
  sessionReportSchema,
} from './reports.js';
import { linkTimelineSchema } from './linkQuality.js';
import {
  createSessionRequestSchema,
  inviteRequestSchema,
  inviteResponseSchema,
  invitedEndpointSchema,
  listSessionsQuerySchema,
  scheduleSessionRequestSchema,
  sessionByCodeSchema,
  sessionSchema,
  updateSessionRequestSchema,
} from './sessions.js';
import { RECORDING_ROUTES } from './recordingRoutes.js';
import { MAKEUP_STUDY_ROUTES } from './makeupStudyRoutes.js';
import { healthResponseSchema } from './system.js';
import {
  createWebhookRequestSchema,
  listDeliveriesQuerySchema,
  updateWebhookRequestSchema,
  webhookDeliverySchema,
  webhookPingResponseSchema,
  webhookSchema,
  webhookWithSecretSchema,
} from './webhooks.js';

// Path parameters (Express hands them over as strings).
const idParams = z.object({ id: idSchema });
const sessionParams = z.object({ sessionId: idSchema });
const questionParams = z.object({ sessionId: idSchema, questionId: idSchema });
const attemptParams = z.object({ attemptId: idSchema });
const documentParams = z.object({ id: idSchema, documentId: idSchema });
const inviteParams = z.object({ id: idSchema, endpointId: idSchema });
const codeParams = z.object({ code: z.string().max(16) });
const oneTimeFileParams = z.object({ id: idSchema, format: z.enum(['pdf', 'xlsx']) });
const tableParams = z.object({ table: orgTableSchema });
const reportParams = z.object({ id: reportIdSchema });
const linkParams = z.object({ sessionId: idSchema, endpointId: idSchema });

const quizBase = '/quiz/sessions/:sessionId';

/**
 * Every REST route the server has, by domain: `API.sessions.get` is GET /api/sessions/:id. The server
 * registers each with `route()` (server/src/http/typedRoute.ts) and tests/integration/typed-rest.test.ts
 * checks the app has exactly these; the client calls them with `api()` (client/src/lib/api.ts).
 */
export const API = {
  auth: {
    /** Admin and host accounts; rate-limited per username. */
    login: defineRoute({ method: 'POST', path: '/auth/login', body: loginRequestSchema, response: authResponseSchema }),
    /** An endpoint signs in with its key, for one session it is invited to. */
    endpointLogin: defineRoute({
      method: 'POST',
      path: '/auth/endpoint',
      body: endpointLoginRequestSchema,
      response: authResponseSchema,
    }),
    /** A TV exchanges the key from its pairing link for its own device credential. */
    endpointPair: defineRoute({
      method: 'POST',
      path: '/auth/endpoint/pair',
      body: endpointPairRequestSchema,
      response: authResponseSchema,
    }),
    /** A paired TV (device credential) asks for a session token. */
    deviceSession: defineRoute({
      method: 'POST',
      path: '/auth/endpoint/device-session',
      body: deviceSessionRequestSchema,
      response: authResponseSchema,
    }),
    /** What a paired TV shows between sessions. */
    standby: defineRoute({ method: 'GET', path: '/endpoint/standby', response: standbyResponseSchema }),
    memberLogin: defineRoute({
      method: 'POST',
      path: '/auth/member',
      body: memberLoginRequestSchema,
      response: authResponseSchema,
    }),
    /** A signed-in member replaces the PIN from the slip with one of their own. */
    changeMemberPin: defineRoute({
      method: 'POST',
      path: '/auth/member/pin',
      body: changeMemberPinRequestSchema,
      response: NO_CONTENT,
    }),
    me: defineRoute({ method: 'GET', path: '/auth/me', response: identitySchema }),
  },

  accounts: {
    list: defineRoute({ method: 'GET', path: '/accounts', response: z.array(accountSchema) }),
    create: defineRoute({
      method: 'POST',
      path: '/accounts',
      body: createAccountRequestSchema,
      response: accountSchema,
      status: 201,
    }),
  },

  sessions: {
    list: defineRoute({
      method: 'GET',
      path: '/sessions',
      query: listSessionsQuerySchema,
      response: z.array(sessionSchema),
    }),
    create: defineRoute({
      method: 'POST',
      path: '/sessions',
      body: createSessionRequestSchema,
      response: sessionSchema,
      status: 201,
    }),
    /** Open to anyone (rate-limited): what a slide shows, nothing more. */
    byCode: defineRoute({
      method: 'GET',
      path: '/sessions/by-code/:code',
      params: codeParams,
      response: sessionByCodeSchema,
    }),
    get: defineRoute({ method: 'GET', path: '/sessions/:id', params: idParams, response: sessionSchema }),
    update: defineRoute({
      method: 'PATCH',
      path: '/sessions/:id',
      params: idParams,
      body: updateSessionRequestSchema,
      response: sessionSchema,
    }),
    schedule: defineRoute({
      method: 'POST',
      path: '/sessions/:id/schedule',
      params: idParams,
      body: scheduleSessionRequestSchema,
      response: sessionSchema,
    }),
    listInvites: defineRoute({
      method: 'GET',
      path: '/sessions/:id/invites',
      params: idParams,
      response: z.array(invitedEndpointSchema),
    }),
    invite: defineRoute({
      method: 'POST',
      path: '/sessions/:id/invites',
      params: idParams,
      body: inviteRequestSchema,
      response: inviteResponseSchema,
    }),
    uninvite: defineRoute({
      method: 'DELETE',
      path: '/sessions/:id/invites/:endpointId',
      params: inviteParams,
      response: inviteResponseSchema,
    }),
    start: defineRoute({ method: 'POST', path: '/sessions/:id/start', params: idParams, response: sessionSchema }),
    end: defineRoute({ method: 'POST', path: '/sessions/:id/end', params: idParams, response: sessionSchema }),
  },

  attendance: {
    /** The computed view of the stored evidence (host of the session or an admin). */
    session: defineRoute({
      method: 'GET',
      path: '/sessions/:id/attendance',
      params: idParams,
      response: sessionAttendanceSchema,
    }),
    /** The live panel's figures (as pushed over Socket.IO). */
    live: defineRoute({
      method: 'GET',
      path: '/sessions/:id/attendance/live',
      params: idParams,
      response: attendanceSnapshotSchema,
    }),
  },

  checkin: {
    /** The sessions a member can check in to now (scheduled or live). */
    sessions: defineRoute({ method: 'GET', path: '/checkin/sessions', response: z.array(checkinSessionSchema) }),
  },

  documents: {
    upload: defineRoute({
      method: 'POST',
      path: '/sessions/:id/documents',
      params: idParams,
      query: uploadDocumentQuerySchema,
      body: MULTIPART_FILE,
      response: sessionDocumentSchema,
      status: 201,
    }),
    list: defineRoute({
      method: 'GET',
      path: '/sessions/:id/documents',
      params: idParams,
      response: z.array(sessionDocumentSchema),
    }),
    download: defineRoute({
      method: 'GET',
      path: '/sessions/:id/documents/:documentId',
      params: documentParams,
      response: FILE,
    }),
    remove: defineRoute({
      method: 'DELETE',
      path: '/sessions/:id/documents/:documentId',
      params: documentParams,
      response: NO_CONTENT,
    }),
  },

  org: {
    listUnits: defineRoute({
      method: 'GET',
      path: '/org/units',
      query: listUnitsQuerySchema,
      response: z.array(orgUnitSchema),
    }),
    createUnit: defineRoute({
      method: 'POST',
      path: '/org/units',
      body: createUnitRequestSchema,
      response: orgUnitSchema,
      status: 201,
    }),
    updateUnit: defineRoute({
      method: 'PATCH',
      path: '/org/units/:id',
      params: idParams,
      body: updateUnitRequestSchema,
      response: orgUnitSchema,
    }),
    deleteUnit: defineRoute({ method: 'DELETE', path: '/org/units/:id', params: idParams, response: NO_CONTENT }),

    listEndpoints: defineRoute({
      method: 'GET',
      path: '/org/endpoints',
      query: listEndpointsQuerySchema,
      response: z.array(endpointSchema),
    }),
    createEndpoint: defineRoute({
      method: 'POST',
      path: '/org/endpoints',
      body: createEndpointRequestSchema,
      response: endpointSchema,
      status: 201,
    }),
    updateEndpoint: defineRoute({
      method: 'PATCH',
      path: '/org/endpoints/:id',
      params: idParams,
      body: updateEndpointRequestSchema,
      response: endpointSchema,
    }),
    deleteEndpoint: defineRoute({
      method: 'DELETE',
      path: '/org/endpoints/:id',
      params: idParams,
      response: NO_CONTENT,
    }),
    /** Archives an endpoint with records (it cannot sign in or be invited; its records stay in reports). */
    archiveEndpoint: defineRoute({
      method: 'POST',
      path: '/org/endpoints/:id/archive',
      params: idParams,
      response: endpointSchema,
    }),
    restoreEndpoint: defineRoute({
      method: 'POST',
      path: '/org/endpoints/:id/restore',
      params: idParams,
      response: endpointSchema,
    }),
    /** New keys for a set of endpoints, only ever shown in the one-time endpoint sheet. */
    issueEndpointKeys: defineRoute({
      method: 'POST',
      path: '/org/endpoints/keys',
      body: bulkEndpointKeysRequestSchema,
      response: endpointSheetSchema,
      status: 201,
    }),
    /** The endpoint sheet, handed out once per format, then deleted. */
    endpointSheet: defineRoute({
      method: 'GET',
      path: '/org/endpoint-sheets/:id/:format',
      params: oneTimeFileParams,
      response: FILE,
    }),
    /** A new key for one endpoint, shown exactly once. */
    rotateEndpointKey: defineRoute({
      method: 'POST',
      path: '/org/endpoints/:id/key',
      params: idParams,
      response: rotatedKeySchema,
    }),

    listMembers: defineRoute({
      method: 'GET',
      path: '/org/members',
      query: listMembersQuerySchema,
      response: memberPageSchema,
    }),
    getMember: defineRoute({ method: 'GET', path: '/org/members/:id', params: idParams, response: memberSchema }),
    createMember: defineRoute({
      method: 'POST',
      path: '/org/members',
      body: memberInputSchema,
      response: memberSchema,
      status: 201,
    }),
    updateMember: defineRoute({
      method: 'PATCH',
      path: '/org/members/:id',
      params: idParams,
      body: updateMemberRequestSchema,
      response: memberSchema,
    }),
    deleteMember: defineRoute({ method: 'DELETE', path: '/org/members/:id', params: idParams, response: NO_CONTENT }),
    /** Archives a member with records (no sign-in, no new PINs, not expected at later sessions; records stay). */
    archiveMember: defineRoute({
      method: 'POST',
      path: '/org/members/:id/archive',
      params: idParams,
      response: memberSchema,
    }),
    restoreMember: defineRoute({
      method: 'POST',
      path: '/org/members/:id/restore',
      params: idParams,
      response: memberSchema,
    }),
    /** New PINs for a unit's members or chosen members: a queued batch (202) to follow. */
    issuePins: defineRoute({
      method: 'POST',
      path: '/org/members/pins',
      body: bulkPinsRequestSchema,
      response: pinBatchSchema,
      status: 202,
    }),
    pinBatch: defineRoute({ method: 'GET', path: '/org/pin-batches/:id', params: idParams, response: pinBatchSchema }),
    /** A finished batch's PIN slips, handed out once per format, then deleted. */
    pinSlips: defineRoute({
      method: 'GET',
      path: '/org/pin-slips/:id/:format',
      params: oneTimeFileParams,
      response: FILE,
    }),
    /** A new PIN for one member, shown exactly once. */
    issueMemberPin: defineRoute({
      method: 'POST',
      path: '/org/members/:id/pin',
      params: idParams,
      response: issuedPinSchema,
    }),

    /** CSV/XLSX import in one transaction: any bad row imports nothing (details list them). */
    importTable: defineRoute({
      method: 'POST',
      path: '/org/import/:table',
      params: tableParams,
      body: MULTIPART_FILE,
      response: importResultSchema,
    }),
    exportTable: defineRoute({
      method: 'GET',
      path: '/org/export/:table',
      params: tableParams,
      query: exportQuerySchema,
      response: FILE,
    }),
  },

  quiz: {
    listQuestions: defineRoute({
      method: 'GET',
      path: `${quizBase}/questions`,
      params: sessionParams,
      response: z.array(questionSchema),
    }),
    createQuestion: defineRoute({
      method: 'POST',
      path: `${quizBase}/questions`,
      params: sessionParams,
      body: questionInputSchema,
      response: questionSchema,
      status: 201,
    }),
    /** Before updateQuestion: the bank's new order (every id, once). */
    reorderQuestions: defineRoute({
      method: 'PUT',
      path: `${quizBase}/questions/order`,
      params: sessionParams,
      body: reorderQuestionsRequestSchema,
      response: z.array(questionSchema),
    }),
    updateQuestion: defineRoute({
      method: 'PUT',
      path: `${quizBase}/questions/:questionId`,
      params: questionParams,
      body: questionInputSchema,
      response: questionSchema,
    }),
    deleteQuestion: defineRoute({
      method: 'DELETE',
      path: `${quizBase}/questions/:questionId`,
      params: questionParams,
      response: NO_CONTENT,
    }),
    importQuestions: defineRoute({
      method: 'POST',
      path: `${quizBase}/questions/import`,
      params: sessionParams,
      query: importQuestionsQuerySchema,
      body: MULTIPART_FILE,
      response: importQuestionsResponseSchema,
      status: 201,
    }),
    exportQuestions: defineRoute({
      method: 'GET',
      path: `${quizBase}/questions/export`,
      params: sessionParams,
      query: exportQuestionsQuerySchema,
      response: FILE,
    }),
    settings: defineRoute({
      method: 'GET',
      path: `${quizBase}/settings`,
      params: sessionParams,
      response: quizSettingsSchema,
    }),
    updateSettings: defineRoute({
      method: 'PUT',
      path: `${quizBase}/settings`,
      params: sessionParams,
      body: updateQuizSettingsSchema,
      response: quizSettingsSchema,
    }),
    leaderboard: defineRoute({
      method: 'GET',
      path: `${quizBase}/leaderboard`,
      params: sessionParams,
      response: leaderboardSchema,
    }),
    makeupResults: defineRoute({
      method: 'GET',
      path: `${quizBase}/makeup/results`,
      params: sessionParams,
      response: z.array(makeupResultSchema),
    }),
    /** Members the host lets take the make-up quiz though they attended. */
    allowMakeup: defineRoute({
      method: 'POST',
      path: `${quizBase}/makeup/allow`,
      params: sessionParams,
      body: makeupAllowRequestSchema,
      response: makeupAllowResponseSchema,
    }),
    /** For members: the ended sessions whose make-up quiz they may take or have taken. */
    makeupList: defineRoute({ method: 'GET', path: '/quiz/makeup', response: makeupListSchema }),
    makeupStatus: defineRoute({
      method: 'GET',
      path: `${quizBase}/makeup`,
      params: sessionParams,
      response: makeupStatusSchema,
    }),
    startMakeup: defineRoute({
      method: 'POST',
      path: `${quizBase}/makeup/attempts`,
      params: sessionParams,
      response: makeupAttemptSchema,
      status: 201,
    }),
    makeupAttempt: defineRoute({
      method: 'GET',
      path: '/quiz/makeup/attempts/:attemptId',
      params: attemptParams,
      response: makeupAttemptSchema,
    }),
    answerMakeup: defineRoute({
      method: 'POST',
      path: '/quiz/makeup/attempts/:attemptId/answers',
      params: attemptParams,
      body: makeupAnswerRequestSchema,
      response: answerResultSchema,
    }),
    finishMakeup: defineRoute({
      method: 'POST',
      path: '/quiz/makeup/attempts/:attemptId/finish',
      params: attemptParams,
      response: makeupResultSchema,
    }),
  },

  reports: {
    /** Asks for a session's report (202 + its id, which is the job id); asking twice never builds twice. */
    requestSession: defineRoute({
      method: 'POST',
      path: '/reports/sessions/:sessionId',
      params: sessionParams,
      body: sessionReportRequestSchema,
      response: reportInfoSchema,
      status: 202,
    }),
    /** Figures of a running session, computed now. */
    live: defineRoute({
      method: 'GET',
      path: '/reports/sessions/:sessionId/live',
      params: sessionParams,
      query: liveReportQuerySchema,
      response: sessionReportSchema,
    }),
    requestRange: defineRoute({
      method: 'POST',
      path: '/reports/range',
      body: rangeReportRequestSchema,
      response: reportInfoSchema,
      status: 202,
    }),
    list: defineRoute({
      method: 'GET',
      path: '/reports',
      query: listReportsQuerySchema,
      response: z.array(reportInfoSchema),
    }),
    info: defineRoute({ method: 'GET', path: '/reports/:id', params: reportParams, response: reportInfoSchema }),
    result: defineRoute({
      method: 'GET',
      path: '/reports/:id/result',
      params: reportParams,
      response: reportResultSchema,
    }),
    exportXlsx: defineRoute({ method: 'GET', path: '/reports/:id/export.xlsx', params: reportParams, response: FILE }),
    exportCsv: defineRoute({
      method: 'GET',
      path: '/reports/:id/export.csv',
      params: reportParams,
      query: exportCsvQuerySchema,
      response: FILE,
    }),
    /** One endpoint's link quality record minute by minute, with its outages and audio-only periods. */
    linkTimeline: defineRoute({
      method: 'GET',
      path: '/reports/sessions/:sessionId/link/:endpointId',
      params: linkParams,
      response: linkTimelineSchema,
    }),
  },

  webhooks: {
    list: defineRoute({ method: 'GET', path: '/webhooks', response: z.array(webhookSchema) }),
    /** The secret is generated by the server and shown once. */
    create: defineRoute({
      method: 'POST',
      path: '/webhooks',
      body: createWebhookRequestSchema,
      response: webhookWithSecretSchema,
      status: 201,
    }),
    update: defineRoute({
      method: 'PATCH',
      path: '/webhooks/:id',
      params: idParams,
      body: updateWebhookRequestSchema,
      response: webhookSchema,
    }),
    remove: defineRoute({ method: 'DELETE', path: '/webhooks/:id', params: idParams, response: NO_CONTENT }),
    rotateSecret: defineRoute({
      method: 'POST',
      path: '/webhooks/:id/rotate-secret',
      params: idParams,
      response: webhookWithSecretSchema,
    }),
    ping: defineRoute({
      method: 'POST',
      path: '/webhooks/:id/ping',
      params: idParams,
      response: webhookPingResponseSchema,
      status: 202,
    }),
    deliveries: defineRoute({
      method: 'GET',
      path: '/webhooks/:id/deliveries',
      params: idParams,
      query: listDeliveriesQuerySchema,
      response: z.array(webhookDeliverySchema),
    }),
    redeliver: defineRoute({
      method: 'POST',
      path: '/webhooks/deliveries/:id/redeliver',
      params: idParams,
      response: webhookDeliverySchema,
    }),
  },

  /** Recordings, replay and their files (recordingRoutes.ts). */
  recordings: RECORDING_ROUTES,
  /** Make-up study from the recording (makeupStudyRoutes.ts). */
  makeupStudy: MAKEUP_STUDY_ROUTES,

  /** The audit log (admins only): read and export; nothing edits it. */
  audit: {
    list: defineRoute({ method: 'GET', path: '/audit', query: listAuditQuerySchema, response: auditPageSchema }),
    export: defineRoute({ method: 'GET', path: '/audit/export', query: exportAuditQuerySchema, response: FILE }),
  },

  /**
   * Operations routes, outside /api: health (200, or 503 when degraded; the checks only with the
   * METRICS_TOKEN or an admin's token) and Prometheus metrics (the METRICS_TOKEN, or loopback when unset).
   */
  system: {
    health: defineRoute({ method: 'GET', path: '/healthz', base: '', response: healthResponseSchema }),
    metrics: defineRoute({ method: 'GET', path: '/metrics', base: '', response: TEXT }),
  },
} as const;

export type ApiMap = typeof API;

/** Every route of the map with its name (`sessions.get`), for tests and tooling. */
export const API_ROUTES: readonly { name: string; route: RouteDefinition }[] = Object.entries(API).flatMap(
  ([domain, routes]) =>
    Object.entries(routes as Record<string, RouteDefinition>).map(([name, route]) => ({
      name: `${domain}.${name}`,
      route,
    })),
);
