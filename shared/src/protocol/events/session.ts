import { z } from 'zod';
import { sessionSummarySchema } from '../../api/sessions.js';
import { idSchema, sessionStatusSchema } from '../../domain/session.js';
import type { PushMap, RequestMap } from '../define.js';

export const sessionRequests = {
  /**
   * Take part in a session: host (its host, or an admin), endpoint (token bound to this session, invited,
   * key not rotated since), member (token unbound or bound to this session). The session must be
   * scheduled or live. Acks the session summary; the socket then receives the session's pushes.
   */
  'session:join': {
    request: z.object({ sessionId: idSchema }).strict(),
    response: sessionSummarySchema,
  },
  /** Leave the joined session (harmless when none is joined). */
  'session:leave': {
    request: z.object({}).strict(),
    response: z.object({ left: z.string().nullable() }),
  },
} satisfies RequestMap;

export const sessionPushes = {
  /** The host started or ended the session; sent to everyone in the session room. */
  'session:status': z.object({
    sessionId: z.string(),
    status: sessionStatusSchema,
    startedAt: z.string().nullable(),
    endedAt: z.string().nullable(),
  }),
} satisfies PushMap;
