import { z } from 'zod';
import type { PushMap, RequestMap } from '../define.js';

export const floorStateSchema = z.object({
  /** Raised hands in order of request. */
  queue: z.array(z.object({ endpointId: z.string(), name: z.string(), raisedAt: z.number() })),
  holder: z.object({ endpointId: z.string(), name: z.string(), grantedAt: z.number(), muted: z.boolean() }).nullable(),
});
export type FloorState = z.infer<typeof floorStateSchema>;

const empty = z.object({}).strict();

/** Giving the floor: endpoints raise hands, the host grants, mutes and takes it back. */
export const floorRequests = {
  'floor:getState': { request: empty, response: floorStateSchema },
  'floor:raiseHand': { request: empty, response: floorStateSchema },
  'floor:lowerHand': { request: empty, response: floorStateSchema },
  /** Host only. A second grant replaces the first (whose producers are closed). */
  'floor:grant': { request: z.object({ endpointId: z.string().min(1).max(64) }).strict(), response: floorStateSchema },
  'floor:revoke': { request: empty, response: floorStateSchema },
  /** Host only: pause or resume the floor holder's microphone. */
  'floor:mute': { request: z.object({ muted: z.boolean() }).strict(), response: floorStateSchema },
} satisfies RequestMap;

export const floorPushes = {
  'floor:state': floorStateSchema,
} satisfies PushMap;
