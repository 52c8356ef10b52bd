import { z } from 'zod';
import { STAFF_ROLES } from '../domain/roles.js';
import { identitySchema } from '../domain/identity.js';
import { idSchema } from '../domain/session.js';

/** POST /api/auth/login — admin and host accounts. */
export const loginRequestSchema = z
  .object({
    username: z.string().trim().min(1).max(64),
    password: z.string().min(1).max(256),
  })
  .strict();
export type LoginRequest = z.infer<typeof loginRequestSchema>;

/** POST /api/auth/endpoint — an endpoint signs in with its key, for one session it is invited to. */
export const endpointLoginRequestSchema = z
  .object({
    endpointKey: z.string().min(20).max(128),
    sessionId: idSchema,
  })
  .strict();
export type EndpointLoginRequest = z.infer<typeof endpointLoginRequestSchema>;

/** POST /api/auth/member — member number and PIN; optionally bound to one session. */
export const memberLoginRequestSchema = z
  .object({
    memberNumber: z.string().trim().min(1).max(32),
    pin: z.string().regex(/^\d{4,8}$/, 'PIN is 4–8 digits'),
    sessionId: idSchema.optional(),
  })
  .strict();
export type MemberLoginRequest = z.infer<typeof memberLoginRequestSchema>;

/** Answer of every login route. */
export const authResponseSchema = z.object({
  token: z.string(),
  identity: identitySchema,
  /** Seconds until the token expires. */
  expiresIn: z.number().int().positive(),
});
export type AuthResponse = z.infer<typeof authResponseSchema>;

/** Roles an account (a person with a password) may hold. */
export const ACCOUNT_ROLES = STAFF_ROLES;
export const accountRoleSchema = z.enum(ACCOUNT_ROLES);
export type AccountRole = z.infer<typeof accountRoleSchema>;

/** POST /api/accounts — admin creates an admin or host account. */
export const createAccountRequestSchema = z
  .object({
    username: z
      .string()
      .trim()
      .min(3)
      .max(64)
      .regex(/^[a-z0-9._-]+$/i, 'letters, digits, dot, dash, underscore'),
    displayName: z.string().trim().min(1).max(120),
    role: accountRoleSchema,
    password: z.string().min(10).max(256),
  })
  .strict();
export type CreateAccountRequest = z.infer<typeof createAccountRequestSchema>;

export const accountSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: accountRoleSchema,
  createdAt: z.string(),
});
export type Account = z.infer<typeof accountSchema>;

/** POST /api/auth/endpoint/pair — a TV exchanges the key from its pairing link for its own device credential. */
export const endpointPairRequestSchema = z.object({ endpointKey: z.string().min(20).max(128) }).strict();
export type EndpointPairRequest = z.infer<typeof endpointPairRequestSchema>;

/** POST /api/auth/endpoint/device-session — a paired TV (device credential) asks for a session token. */
export const deviceSessionRequestSchema = z.object({ sessionId: idSchema }).strict();
export type DeviceSessionRequest = z.infer<typeof deviceSessionRequestSchema>;

/** GET /api/endpoint/standby — what a paired TV shows between sessions: its upcoming and live invited sessions. */
export const standbySessionSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(['scheduled', 'live']),
  scheduledStart: z.string().nullable(),
  scheduledEnd: z.string().nullable(),
});
export type StandbySession = z.infer<typeof standbySessionSchema>;
export const standbyResponseSchema = z.object({
  endpoint: z.object({ id: z.string(), name: z.string() }),
  sessions: z.array(standbySessionSchema),
  /** The server's clock, so countdowns on a TV with a wrong clock still read true. */
  now: z.string(),
});
export type StandbyResponse = z.infer<typeof standbyResponseSchema>;

/** POST /api/auth/member/pin — a signed-in member replaces the PIN from the slip with one of their own. */
export const changeMemberPinRequestSchema = z
  .object({
    currentPin: z.string().regex(/^\d{4,8}$/, 'PIN is 4–8 digits'),
    newPin: z.string().regex(/^\d{6}$/, 'The new PIN is 6 digits'),
  })
  .strict()
  .refine((b) => b.currentPin !== b.newPin, {
    message: 'The new PIN must differ from the current one',
    path: ['newPin'],
  })
  .refine(
    (b) => !/^(\d)\1{5}$/.test(b.newPin) && !'0123456789'.includes(b.newPin) && !'9876543210'.includes(b.newPin),
    { message: 'Choose a PIN that is not a run or a repeated digit', path: ['newPin'] },
  );
export type ChangeMemberPinRequest = z.infer<typeof changeMemberPinRequestSchema>;
