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
  /**
   * A paired TV's own credential (endpoint role, long-lived, no session): it only opens the standby
   * screen and buys session tokens; rotating the endpoint's key revokes it like every endpoint token.
   */
  device: z.literal(true).optional(),
});
export type Identity = z.infer<typeof identitySchema>;
