import { z } from 'zod';
import { idSchema } from '../domain/session.js';
import { defineRoute, FILE } from './define.js';
import {
  recordingControlResponseSchema,
  recordingSchema,
  recordingStorageSchema,
  recordingSummarySchema,
} from './recording.js';

const idParams = z.object({ id: idSchema });
/** The files a recording has (see server/src/domain/recording/recordingFiles.ts). */
export const RECORDING_FILE_NAME = /^(archive\.webm|phone\.webm|download\.mkv|(screen|floor)-\d{1,6}\.webm)$/;
const fileParams = z.object({ id: idSchema, name: z.string().regex(RECORDING_FILE_NAME) });
/** The signed link of the file (a <video> sends no Authorization header). */
const fileQuery = z.object({ t: z.string().min(1).max(2048) }).strict();

/** Recordings of sessions (#11): spread into API as `recordings`. */
export const RECORDING_ROUTES = {
  /** A session's recordings (staff: an admin, the session's host). */
  listForSession: defineRoute({
    method: 'GET',
    path: '/sessions/:id/recordings',
    params: idParams,
    response: z.array(recordingSummarySchema),
  }),
  /** Pause or resume the live session's recording (its host or an admin). */
  pause: defineRoute({
    method: 'POST',
    path: '/sessions/:id/recording/pause',
    params: idParams,
    response: recordingControlResponseSchema,
  }),
  resume: defineRoute({
    method: 'POST',
    path: '/sessions/:id/recording/resume',
    params: idParams,
    response: recordingControlResponseSchema,
  }),
  /** Turn recording off (or on again) for a session before or while it is live. */
  setEnabled: defineRoute({
    method: 'PUT',
    path: '/sessions/:id/recording/enabled',
    params: idParams,
    body: z.object({ enabled: z.boolean() }).strict(),
    response: z.object({ enabled: z.boolean() }),
  }),
  /** Disk used by recordings and the retention setting (admins). */
  storage: defineRoute({ method: 'GET', path: '/recordings/storage', response: recordingStorageSchema }),
  /** What the replay page needs, with signed file links (staff; members and endpoints allowed to study it). */
  get: defineRoute({ method: 'GET', path: '/recordings/:id', params: idParams, response: recordingSchema }),
  /** A file of the recording, with range requests; the link's `t` is the right to read it. */
  file: defineRoute({
    method: 'GET',
    path: '/recordings/:id/files/:name',
    params: fileParams,
    query: fileQuery,
    response: FILE,
  }),
  /** Starts the one-file download job (202); its progress is in `get`'s `download`. */
  requestDownload: defineRoute({
    method: 'POST',
    path: '/recordings/:id/download',
    params: idParams,
    response: recordingSchema,
    status: 202,
  }),
  /** Deletes the recording's files (admins; audited). The row stays, marked deleted. */
  remove: defineRoute({
    method: 'DELETE',
    path: '/recordings/:id',
    params: idParams,
    response: recordingSummarySchema,
  }),
} as const;
