import { z } from 'zod';
import { roleSchema } from '../domain/roles.js';
import { idSchema, isoDateTimeSchema, sessionStatusSchema } from '../domain/session.js';

const title = z.string().trim().min(1).max(300);
const resolution = z.string().trim().min(1).max(2000);
const threshold = z.number().gt(0).lte(1);

/** POST /api/sessions — creates a draft. The host defaults to the caller. */
export const createSessionRequestSchema = z
  .object({
    title,
    resolution,
    scheduledStart: isoDateTimeSchema.optional(),
    scheduledEnd: isoDateTimeSchema.optional(),
    hostAccountId: idSchema.optional(),
    /** Share of the session a member must be present for to count as attended (default 0.8). */
    attendanceThreshold: threshold.optional(),
  })
  .strict();
export type CreateSessionRequest = z.infer<typeof createSessionRequestSchema>;

/** PATCH /api/sessions/:id — only while draft or scheduled. */
export const updateSessionRequestSchema = z
  .object({
    title: title.optional(),
    resolution: resolution.optional(),
    scheduledStart: isoDateTimeSchema.nullable().optional(),
    scheduledEnd: isoDateTimeSchema.nullable().optional(),
    hostAccountId: idSchema.optional(),
    attendanceThreshold: threshold.optional(),
  })
  .strict();
export type UpdateSessionRequest = z.infer<typeof updateSessionRequestSchema>;

/** POST /api/sessions/:id/schedule — draft → scheduled (or new times while scheduled). */
export const scheduleSessionRequestSchema = z
  .object({ scheduledStart: isoDateTimeSchema, scheduledEnd: isoDateTimeSchema })
  .strict()
  .refine((v) => Date.parse(v.scheduledEnd) > Date.parse(v.scheduledStart), {
    message: 'scheduledEnd must be after scheduledStart',
    path: ['scheduledEnd'],
  });
export type ScheduleSessionRequest = z.infer<typeof scheduleSessionRequestSchema>;

/** POST /api/sessions/:id/invites — by endpoint ids, by district unit, or every endpoint. */
export const inviteRequestSchema = z.union([
  z.object({ endpointIds: z.array(idSchema).min(1).max(5000) }).strict(),
  z.object({ districtId: idSchema }).strict(),
  z.object({ all: z.literal(true) }).strict(),
]);
export type InviteRequest = z.infer<typeof inviteRequestSchema>;

export const inviteResponseSchema = z.object({ added: z.number().int(), invitedEndpointCount: z.number().int() });
export type InviteResponse = z.infer<typeof inviteResponseSchema>;

/** GET /api/sessions?status= */
export const listSessionsQuerySchema = z.object({ status: sessionStatusSchema.optional() }).strict();

export const sessionSchema = z.object({
  id: z.string(),
  title: z.string(),
  resolution: z.string(),
  status: sessionStatusSchema,
  scheduledStart: z.string().nullable(),
  scheduledEnd: z.string().nullable(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  hostAccountId: z.string(),
  hostName: z.string(),
  attendanceThreshold: z.number(),
  invitedEndpointCount: z.number().int(),
  createdAt: z.string(),
  /** Six digits, typed by an operator or a member instead of the id (GET /api/sessions/by-code/:code). */
  code: z.string().nullable(),
});
export type Session = z.infer<typeof sessionSchema>;

/** GET /api/sessions/by-code/:code — open to anyone: what a slide shows, nothing more. */
export const sessionByCodeSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: sessionStatusSchema,
  code: z.string().nullable(),
});
export type SessionByCode = z.infer<typeof sessionByCodeSchema>;

/** GET /api/sessions/:id/invites */
export const invitedEndpointSchema = z.object({
  endpointId: z.string(),
  endpointName: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  districtId: z.string().nullable(),
  districtName: z.string().nullable(),
});
export type InvitedEndpoint = z.infer<typeof invitedEndpointSchema>;

/** What `session:join` acknowledges: the session as this caller sees it. */
export const sessionSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  resolution: z.string(),
  status: sessionStatusSchema,
  role: roleSchema,
  hostName: z.string(),
  invitedEndpointCount: z.number().int(),
  scheduledStart: z.string().nullable(),
  scheduledEnd: z.string().nullable(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
});
export type SessionSummary = z.infer<typeof sessionSummarySchema>;
