import { z } from 'zod';
import { roleSchema } from './roles.js';

/** The claims of a signed access token, as the server verified them. */
export const identitySchema = z.object({
  /** The account, endpoint or member id the token was issued to. */
  subject: z.string().min(1),
  role: roleSchema,
  /** Set when the token is bound to one conference session (endpoint and member tokens). */
  sessionId: z.string().min(1).optional(),
  displayName: z.string().optional(),
});
export type Identity = z.infer<typeof identitySchema>;
