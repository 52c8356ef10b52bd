import { AppError } from '../../errors/AppError.js';

/** "in 3 minutes", "in 1 minute", for a wait given in seconds. */
const wait = (seconds: number) => {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return `in ${minutes} minute${minutes === 1 ? '' : 's'}`;
};

/**
 * Every error the accounts domain answers with (sign-in, accounts, TV pairing): code and message
 * defined once. A failed sign-in never tells which half (name or secret) was wrong.
 */
export const accountErrors = {
  usernameTaken: () => new AppError('CONFLICT', 'This username is taken'),
  wrongPassword: () => new AppError('UNAUTHENTICATED', 'Wrong username or password'),
  wrongPin: () => new AppError('UNAUTHENTICATED', 'Wrong member number or PIN'),
  unknownEndpointKey: () => new AppError('UNAUTHENTICATED', 'Unknown endpoint key'),
  unknownPairingLink: () => new AppError('UNAUTHENTICATED', 'Unknown or revoked pairing link'),
  endpointGone: () => new AppError('UNAUTHENTICATED', 'This endpoint no longer exists'),

  // ---- sign-in limits (auth/signInLimiter.ts); each answers 429 with Retry-After ---------------------
  tooManyFromAddress: (retryAfterSeconds: number) =>
    new AppError('RATE_LIMITED', `Too many failed sign-ins from this network; try again ${wait(retryAfterSeconds)}`, {
      retryAfterSeconds,
    }),
  tooManyOnAccount: (retryAfterSeconds: number) =>
    new AppError('RATE_LIMITED', `Too many failed sign-ins for this account; try again ${wait(retryAfterSeconds)}`, {
      retryAfterSeconds,
    }),
  pinLocked: (retryAfterSeconds: number) =>
    new AppError(
      'RATE_LIMITED',
      `This PIN is locked after too many wrong tries: ask for a new PIN slip (or try again ${wait(retryAfterSeconds)})`,
      { retryAfterSeconds, details: [{ path: 'pin', message: 'locked' }] },
    ),
  passwordLocked: (retryAfterSeconds: number) =>
    new AppError(
      'RATE_LIMITED',
      `This account is locked after too many wrong passwords; try again ${wait(retryAfterSeconds)}`,
      { retryAfterSeconds, details: [{ path: 'password', message: 'locked' }] },
    ),
} satisfies Record<string, (...args: never[]) => AppError>;
