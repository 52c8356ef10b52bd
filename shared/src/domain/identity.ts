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
  /**
   * Endpoint tokens only: the endpoint's key version when the token was issued. The server compares
   * it with the stored version on every use, so rotating the key revokes every token issued with the
   * old one at once.
   */
  keyVersion: z.number().int().nonnegative().optional(),
});
export type Identity = z.infer<typeof identitySchema>;
