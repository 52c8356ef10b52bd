import { AppError } from '../../errors/AppError.js';

/** Every error the audit domain answers with: code and message defined once. */
export const auditErrors = {
  rangeReversed: () =>
    new AppError('BAD_REQUEST', 'The range ends before it starts', {
      details: [{ path: 'to', message: 'must not be before from' }],
    }),
} satisfies Record<string, (...args: never[]) => AppError>;
