import { AppError } from '../../errors/AppError.js';

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
} satisfies Record<string, (...args: never[]) => AppError>;
