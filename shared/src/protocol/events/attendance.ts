import { z } from 'zod';
import { attendanceSnapshotSchema } from '../../api/attendance.js';
import type { PushMap, RequestMap } from '../define.js';

export const attendanceRequests = {
  /** Endpoint operator: people in the hall now (at join and whenever it changes). Stored before the ack. */
  'attendance:headcount': {
    request: z.object({ count: z.number().int().min(0).max(100_000) }).strict(),
    response: z.object({ count: z.number().int(), reportedAt: z.string() }),
  },
  /** Host or admin joined to the session: the live attendance panel now (for a console joining late). */
  'attendance:snapshot': {
    request: z.object({}).strict(),
    response: attendanceSnapshotSchema,
  },
} satisfies RequestMap;

export const attendancePushes = {
  /** To the session's host and admin consoles, at most about once a second while things change. */
  'attendance:panel': attendanceSnapshotSchema,
} satisfies PushMap;
