import { z } from 'zod';

/**
 * A session's recording (#11). One per session: pausing, resuming or a crash add runs to it, never a
 * second recording. Media time is the recording's own clock: the runs of the main track laid end to
 * end, the gaps between them (a pause, an outage) left out and marked.
 */
export const RECORDING_STATES = ['recording', 'paused', 'stopped', 'processing', 'ready', 'failed'] as const;
export const recordingStateSchema = z.enum(RECORDING_STATES);
export type RecordingState = z.infer<typeof recordingStateSchema>;

/**
 * What is recorded: `main` the host's camera (top simulcast layer) and microphone, `phone` the same at
 * the lowest layer (the phone rendition without a transcode), `screen` the host's screen share,
 * `floor` the endpoint that holds the floor (camera and microphone).
 */
export const RECORDING_TRACKS = ['main', 'phone', 'screen', 'floor'] as const;
export const recordingTrackSchema = z.enum(RECORDING_TRACKS);
export type RecordingTrack = z.infer<typeof recordingTrackSchema>;

/** A part of the live time that is not in the recording, at `atMs` of media time. */
export const recordingGapSchema = z.object({
  atMs: z.number().int().nonnegative(),
  lengthMs: z.number().int().nonnegative(),
  reason: z.enum(['paused', 'outage']),
});
export type RecordingGap = z.infer<typeof recordingGapSchema>;

/** A stretch of a side track (screen share, floor) shown from `atMs` of media time, one file. */
export const recordingClipSchema = z.object({
  track: z.enum(['screen', 'floor']),
  atMs: z.number().int().nonnegative(),
  durationMs: z.number().int().nonnegative(),
  /** Path under /api that serves the clip's file with range requests. */
  url: z.string(),
  /** Who held the floor, for `floor` clips. */
  label: z.string().optional(),
});
export type RecordingClip = z.infer<typeof recordingClipSchema>;

export const DOWNLOAD_STATES = ['none', 'queued', 'running', 'done', 'failed'] as const;
export const recordingDownloadSchema = z.object({
  state: z.enum(DOWNLOAD_STATES),
  /** 0..1 while running. */
  progress: z.number().min(0).max(1),
  /** Path under /api of the one-file download, once done. */
  url: z.string().nullable(),
  sizeBytes: z.number().int().nullable(),
});
export type RecordingDownload = z.infer<typeof recordingDownloadSchema>;

/** GET /api/recordings/:id: everything the replay page needs. */
export const recordingSchema = z.object({
  id: z.string(),
  sessionId: z.string(),
  sessionTitle: z.string(),
  state: recordingStateSchema,
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  /** Media time recorded so far (main track). */
  durationMs: z.number().int().nonnegative(),
  /** Every stored file of the recording. */
  sizeBytes: z.number().int().nonnegative(),
  /** Paths under /api of the one-file renditions of the main track, once produced. */
  renditions: z.object({ archive: z.string().nullable(), phone: z.string().nullable() }),
  /** When the phone rendition became ready (time from the session's end to phone-ready replay). */
  phoneReadyAt: z.string().nullable(),
  clips: z.array(recordingClipSchema),
  gaps: z.array(recordingGapSchema),
  download: recordingDownloadSchema,
});
export type Recording = z.infer<typeof recordingSchema>;

/** A row of a session's recordings list and of the admin's storage page. */
export const recordingSummarySchema = recordingSchema.pick({
  id: true,
  sessionId: true,
  sessionTitle: true,
  state: true,
  startedAt: true,
  endedAt: true,
  durationMs: true,
  sizeBytes: true,
});
export type RecordingSummary = z.infer<typeof recordingSummarySchema>;

/** GET /api/recordings/storage (admins): disk used by recordings and the retention setting. */
export const recordingStorageSchema = z.object({
  recordings: z.array(recordingSummarySchema),
  totalBytes: z.number().int().nonnegative(),
  /** Free bytes on the file store's disk. */
  freeBytes: z.number().int().nonnegative().nullable(),
  /** Recordings older than this are deleted by the retention job; null keeps them. */
  retentionDays: z.number().int().positive().nullable(),
});
export type RecordingStorage = z.infer<typeof recordingStorageSchema>;

/** POST /api/sessions/:id/recording/pause | resume answers the recording's state. */
export const recordingControlResponseSchema = z.object({ state: recordingStateSchema });
