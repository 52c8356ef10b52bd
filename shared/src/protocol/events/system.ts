import { z } from 'zod';
import { identitySchema } from '../../domain/identity.js';
import type { PushMap, RequestMap } from '../define.js';

/** Requests every authenticated client may make, whatever its role. */
export const systemRequests = {
  /** Who the server thinks this connection is. */
  'system:whoami': {
    request: z.object({}).strict(),
    response: identitySchema,
  },
  /**
   * Clock sync: the server is authoritative for every countdown, so clients estimate their
   * offset from the server's clock (NTP-style: offset ≈ serverTime − (sent + received) / 2).
   */
  'system:time': {
    request: z.object({ clientTime: z.number().finite() }).strict(),
    response: z.object({ clientTime: z.number(), serverTime: z.number() }),
  },
} satisfies RequestMap;

export const systemPushes = {
  /** An operator-facing notice (e.g. "server restarting"). */
  'system:notice': z.object({
    level: z.enum(['info', 'warning']),
    message: z.string(),
  }),
} satisfies PushMap;
