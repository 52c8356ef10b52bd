import { z } from 'zod';
import { idSchema } from '../domain/session.js';

/**
 * Make-up study from a session's recording (#11, "học bù"): a member who did not attend live (or
 * whom the host assigns) watches the recording; only the parts actually played count, credited on
 * the server from playback heartbeats. Reaching the session's share completes it and unlocks the
 * make-up quiz.
 */

/** The host's settings for a session's make-up study (absent: on, the attendance share, ≤ 1.5×, no deadline). */
export const studySettingsSchema = z.object({
  enabled: z.boolean(),
  /** Share of the recording to watch, 0 < share ≤ 1 (default: the session's attendance threshold). */
  share: z.number().gt(0).lte(1),
  /** Playback faster than this does not count. */
  maxRate: z.number().min(1).max(4),
  /** After this instant nothing more is credited; null: no deadline. */
  deadline: z.string().datetime().nullable(),
});
export type StudySettings = z.infer<typeof studySettingsSchema>;
export const studySettingsUpdateSchema = studySettingsSchema.partial().strict();

/** Why this member has make-up study: missed the live session (by its rule), or assigned by the host. */
export const STUDY_REASONS = ['absent', 'assigned'] as const;

/** A member's make-up study of one session. */
export const studyStatusSchema = z.object({
  sessionId: idSchema,
  sessionTitle: z.string(),
  recordingId: idSchema,
  reason: z.enum(STUDY_REASONS),
  /** The recording's media time. */
  durationMs: z.number().int(),
  /** Distinct media time credited so far. */
  watchedMs: z.number().int(),
  /** watchedMs / durationMs. */
  watchedShare: z.number(),
  requiredShare: z.number(),
  maxRate: z.number(),
  deadline: z.string().nullable(),
  /** Where playback resumes (the last credited position). */
  resumeMs: z.number().int(),
  completedAt: z.string().nullable(),
  /** The deadline passed before completion: nothing more is credited. */
  overdue: z.boolean(),
});
export type StudyStatus = z.infer<typeof studyStatusSchema>;

/** POST …/playbacks: a new playback (one per page load) and where to start. */
export const studyPlaybackSchema = z.object({ playbackId: idSchema, status: studyStatusSchema });
export type StudyPlayback = z.infer<typeof studyPlaybackSchema>;

/** A heartbeat: every 5 s while playing and on play, pause, seek and speed change. */
export const studyHeartbeatSchema = z
  .object({
    playbackId: idSchema,
    /** Strictly increasing within a playback; a replayed or reordered beat is refused. */
    seq: z.number().int().min(0).max(1_000_000_000),
    positionMs: z
      .number()
      .int()
      .min(0)
      .max(100 * 3_600_000),
    playing: z.boolean(),
    rate: z.number().gt(0).max(16),
  })
  .strict();
export type StudyHeartbeat = z.infer<typeof studyHeartbeatSchema>;

/** The heartbeat's answer: what this beat credited and where the member stands. */
export const studyHeartbeatResponseSchema = z.object({
  creditedMs: z.number().int(),
  /** Why the span since the previous beat was not credited, if it was not. */
  refused: z.enum(['skipped', 'too_fast', 'not_playing', 'overdue']).nullable(),
  status: studyStatusSchema,
});
export type StudyHeartbeatResponse = z.infer<typeof studyHeartbeatResponseSchema>;

/** The host's view: each member who has (or had) make-up study, with progress. */
export const studyProgressRowSchema = z.object({
  memberId: idSchema,
  fullName: z.string(),
  memberNumber: z.string(),
  reason: z.enum(STUDY_REASONS),
  watchedMs: z.number().int(),
  watchedShare: z.number(),
  completedAt: z.string().nullable(),
  /** Where the member stands (the host's list groups and searches by it). */
  cellName: z.string(),
  communeName: z.string(),
  /** How the study was completed: watching alone, or present at a hall make-up. */
  completedVia: z.enum(['individual', 'hall']).nullable(),
});
export const studyProgressSchema = z.object({
  settings: studySettingsSchema,
  durationMs: z.number().int(),
  members: z.array(studyProgressRowSchema),
});
export type StudyProgress = z.infer<typeof studyProgressSchema>;

export const studyAssignRequestSchema = z.object({ memberIds: z.array(idSchema).min(1).max(5000) }).strict();

/** A hall make-up: a session of its own, held by one endpoint, whose TV replays a session's recording. */
export const hallMakeupSchema = z.object({
  sessionId: idSchema,
  parentSessionId: idSchema,
  parentTitle: z.string(),
  endpointId: idSchema,
  recordingId: idSchema,
});
export type HallMakeup = z.infer<typeof hallMakeupSchema>;

/** POST /api/makeup/halls: the endpoint itself (its own id), or staff naming an invited endpoint. */
export const openHallMakeupSchema = z.object({ sessionId: idSchema, endpointId: idSchema.optional() }).strict();

/** GET /api/endpoint/makeup: a session the endpoint's hall may make up (ended, recorded, invited, make-up on). */
export const hallChoiceSchema = z.object({
  sessionId: idSchema,
  title: z.string(),
  endedAt: z.string().nullable(),
  /** The recording's media time: how long the hall replay lasts. */
  durationMs: z.number().int(),
  deadline: z.string().nullable(),
});
export type HallChoice = z.infer<typeof hallChoiceSchema>;
