import { AppError } from '../../errors/AppError.js';

/**
 * Every error the attendance domain answers with: code and message defined once. A session in the
 * wrong status is the sessions domain's error (`sessionErrors.wrongStatus`).
 */
export const attendanceErrors = {
  restarting: () => new AppError('UNAVAILABLE', 'The server is restarting'),
} satisfies Record<string, (...args: never[]) => AppError>;
