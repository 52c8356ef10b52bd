import { z } from 'zod';

/** Counts of one district-level unit (or of the whole session) on the host's live panel. */
export const attendanceCountsSchema = z.object({
  /** Endpoints invited to the session. */
  invited: z.number().int(),
  /** Invited endpoints with at least one connected screen now (several screens count once). */
  connected: z.number().int(),
  /** Sum of each endpoint's latest head-count report. */
  headcount: z.number().int(),
  /** Members checked in now (open check-ins). */
  checkedIn: z.number().int(),
});
export type AttendanceCounts = z.infer<typeof attendanceCountsSchema>;

export const districtAttendanceSchema = attendanceCountsSchema.extend({
  districtId: z.string().nullable(),
  districtName: z.string().nullable(),
});
export type DistrictAttendance = z.infer<typeof districtAttendanceSchema>;

/** The live attendance panel (pushed as `attendance:panel`, or asked with `attendance:snapshot`). */
export const attendanceSnapshotSchema = z.object({
  sessionId: z.string(),
  /** Server time (epoch ms) the snapshot was computed at. */
  at: z.number(),
  totals: attendanceCountsSchema,
  districts: z.array(districtAttendanceSchema),
});
export type AttendanceSnapshot = z.infer<typeof attendanceSnapshotSchema>;

const spanSchema = z.object({ start: z.string(), end: z.string().nullable() });

/** GET /api/sessions/:id/attendance — the computed view of the stored evidence. */
export const endpointAttendanceSchema = z.object({
  endpointId: z.string(),
  endpointName: z.string(),
  districtName: z.string().nullable(),
  /** Connection intervals with reconnects inside the grace period merged (raw rows are kept). */
  intervals: z.array(spanSchema),
  /** Time actually connected (union of every screen's intervals), within the session. */
  connectedMs: z.number().int(),
  /** Time present counting gaps shorter than the grace period as present, within the session. */
  presentMs: z.number().int(),
  reconnects: z.number().int(),
  /** Raw interval rows stored (evidence). */
  rawIntervals: z.number().int(),
  headcounts: z.array(z.object({ count: z.number().int(), reportedAt: z.string() })),
});
export type EndpointAttendance = z.infer<typeof endpointAttendanceSchema>;

export const memberAttendanceSchema = z.object({
  memberId: z.string(),
  fullName: z.string(),
  memberNumber: z.string(),
  checkins: z.array(
    z.object({
      endpointId: z.string(),
      checkedInAt: z.string(),
      checkedOutAt: z.string().nullable(),
      reason: z.string().nullable(),
    }),
  ),
  presentMs: z.number().int(),
  attended: z.boolean(),
});
export type MemberAttendance = z.infer<typeof memberAttendanceSchema>;

export const sessionAttendanceSchema = z.object({
  sessionId: z.string(),
  graceSeconds: z.number().int(),
  threshold: z.number(),
  /** Session window the figures are computed over (end = now while live). */
  window: z.object({ start: z.string().nullable(), end: z.string().nullable() }),
  endpoints: z.array(endpointAttendanceSchema),
  members: z.array(memberAttendanceSchema),
});
export type SessionAttendance = z.infer<typeof sessionAttendanceSchema>;

/** GET /api/checkin/sessions — sessions a member may check in to now. */
export const checkinSessionSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: z.string(),
  scheduledStart: z.string().nullable(),
  startedAt: z.string().nullable(),
});
export type CheckinSession = z.infer<typeof checkinSessionSchema>;
