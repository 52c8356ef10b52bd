import { describe, expect, it } from 'vitest';
import { healthErrorCode } from './healthRoutes.js';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('healthErrorCode: a failed check as a short code, never its text', () => {
  it.each([
    [withCode('connect ECONNREFUSED 10.0.0.5:6379', 'ECONNREFUSED'), 'unreachable'],
    [withCode('getaddrinfo ENOTFOUND redis.internal', 'ENOTFOUND'), 'unreachable'],
    [
      Object.assign(new Error('Reached the max retries per request limit (which is 3).'), {
        name: 'MaxRetriesPerRequestError',
      }),
      'unreachable',
    ],
    [new Error('Connection is closed.'), 'unreachable'],
    [withCode('connect ETIMEDOUT', 'ETIMEDOUT'), 'timeout'],
    [withCode('database is locked', 'SQLITE_BUSY'), 'busy'],
    [withCode('disk I/O error', 'SQLITE_IOERR_WRITE'), 'storage'],
    [withCode('unable to open database file /srv/data/diem-cau.sqlite', 'SQLITE_CANTOPEN'), 'storage'],
    [withCode('canceling statement due to lock timeout', '55P03'), 'busy'],
    [withCode('could not extend file: No space left on device', '53100'), 'storage'],
    [withCode('terminating connection due to administrator command', '57P01'), 'unreachable'],
    [new Error('Connection terminated unexpectedly'), 'unreachable'],
    [new Error('something else entirely'), 'failed'],
    ['a thrown string', 'failed'],
    [null, 'failed'],
  ])('%s → %s', (error, code) => {
    expect(healthErrorCode(error)).toBe(code);
  });
});
