import { z } from 'zod';
import { idSchema } from '../../domain/session.js';
import type { PushMap, RequestMap } from '../define.js';

/** The check-in code's alphabet: no 0/O, 1/I/L lookalikes. */
export const CHECKIN_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const CHECKIN_CODE_LENGTH = 6;

/** Upper-cases a typed code and drops spaces and dashes ("k7m-4qp" → "K7M4QP"). */
export function normalizeCheckinCode(input: string): string {
  return input.toUpperCase().replace(/[\s\-.]/g, '');
}

export const checkinCodeInputSchema = z
  .string()
  .max(32)
  .transform(normalizeCheckinCode)
  .pipe(
    z.string().regex(new RegExp(`^[${CHECKIN_CODE_ALPHABET}]{${CHECKIN_CODE_LENGTH}}$`), 'a 6-character check-in code'),
  );

export const checkinSchema = z.object({
  endpointId: z.string(),
  endpointName: z.string(),
  checkedInAt: z.string(),
});
export type Checkin = z.infer<typeof checkinSchema>;

/**
 * Why a code was refused, in the error's details (`{ path: 'code', message: reason }`), so the
 * phone can say "Mã đã hết hạn" rather than "Mã không đúng".
 */
export const CHECKIN_REFUSALS = ['expired', 'invalid'] as const;
export type CheckinRefusal = (typeof CHECKIN_REFUSALS)[number];

export const checkinRequests = {
  /**
   * Endpoint screen: the code to show now. It changes every `stepSeconds`; ask again at `expiresAt`
   * (server epoch ms; compare with `serverTime` to allow for the screen's clock).
   */
  'checkin:currentCode': {
    request: z.object({}).strict(),
    response: z.object({
      sessionId: z.string(),
      endpointId: z.string(),
      code: z.string(),
      step: z.number().int(),
      stepSeconds: z.number().int(),
      expiresAt: z.number(),
      serverTime: z.number(),
      /** Members checked in at this endpoint now. */
      checkedIn: z.number().int(),
    }),
  },
  /**
   * Member joined to the session: check in with the code on the endpoint's screen. `endpointId`
   * comes with the QR link; without it the code itself tells the endpoint. Checking in again at the
   * same endpoint is harmless; at another endpoint it moves the member there. Refusals: FORBIDDEN
   * with details reason `expired` or `invalid`; RATE_LIMITED after too many wrong codes.
   */
  'checkin:submit': {
    request: z.object({ code: checkinCodeInputSchema, endpointId: idSchema.optional() }).strict(),
    response: checkinSchema.extend({ already: z.boolean() }),
  },
  /** Member: check out (leaving the hall). */
  'checkin:leave': {
    request: z.object({}).strict(),
    response: z.object({ checkedOut: z.boolean() }),
  },
  /** Member: the open check-in in the joined session, if any. */
  'checkin:status': {
    request: z.object({}).strict(),
    response: z.object({ checkin: checkinSchema.nullable() }),
  },
} satisfies RequestMap;

export const checkinPushes = {
  /** To a member's phones: its check-in changed elsewhere (another phone, session end). */
  'checkin:changed': z.object({ checkin: checkinSchema.nullable() }),
} satisfies PushMap;
