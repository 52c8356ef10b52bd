import { AppError } from '../../errors/AppError.js';
import type { CodeCheck } from './codes.js';

/** Every error the check-in domain answers with: code and message defined once. */
export const checkinErrors = {
  tooManyWrongCodes: () => new AppError('RATE_LIMITED', 'Too many wrong codes; wait a few minutes'),
  /** A code that is no endpoint's now: an expired one (shown a step ago) or one never shown. */
  wrongCode: (reason: Extract<CodeCheck, { ok: false }>['reason']) =>
    new AppError(
      'FORBIDDEN',
      reason === 'expired'
        ? 'The code has expired; type the one on the screen now'
        : 'This code is not shown at any endpoint of this session',
      { details: [{ path: 'code', message: reason }] },
    ),
} satisfies Record<string, (...args: never[]) => AppError>;
