import { z } from 'zod';
import type { PushMap, RequestMap } from '../define.js';

export const rollCallSchema = z.object({
  rollCallId: z.string(),
  startedAt: z.number(),
  deadline: z.number(),
  closed: z.boolean(),
  /** Endpoints expected to answer: those connected when the roll call started, and those that connect while it is open. */
  expected: z.array(z.object({ endpointId: z.string(), name: z.string() })),
  answers: z.array(z.object({ endpointId: z.string(), answeredAt: z.number() })),
});
export type RollCall = z.infer<typeof rollCallSchema>;

/** Roll call of the endpoints (điểm danh điểm cầu): the host starts it, each endpoint confirms in time. */
export const rollcallRequests = {
  'rollcall:start': {
    request: z.object({ durationSeconds: z.number().int().min(10).max(600) }).strict(),
    response: rollCallSchema,
  },
  'rollcall:confirm': {
    request: z.object({ rollCallId: z.string().min(1).max(64) }).strict(),
    response: z.object({ answeredAt: z.number() }),
  },
  /** The current (or last) roll call of the session, null when none was held. */
  'rollcall:getState': { request: z.object({}).strict(), response: rollCallSchema.nullable() },
} satisfies RequestMap;

export const rollcallPushes = {
  /** To the host: the roll call with its answers. To endpoints: the same, so they show the prompt. */
  'rollcall:state': rollCallSchema,
} satisfies PushMap;
