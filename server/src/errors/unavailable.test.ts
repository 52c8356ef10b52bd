import { describe, expect, it } from 'vitest';
import { AppError, HTTP_STATUS } from './AppError.js';
import { outageOf, unavailableFor } from './unavailable.js';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });
const named = (message: string, name: string) => Object.assign(new Error(message), { name });

describe('outageOf: failures a client can only wait out', () => {
  it.each([
    [withCode('database is locked', 'SQLITE_BUSY'), 'store'],
    [withCode('database table is locked', 'SQLITE_LOCKED_SHAREDCACHE'), 'store'],
    [withCode('disk I/O error', 'SQLITE_IOERR_WRITE'), 'store'],
    [withCode('database or disk is full', 'SQLITE_FULL'), 'store'],
    [withCode('terminating connection due to administrator command', '57P01'), 'store'],
    [withCode('the database system is starting up', '57P03'), 'store'],
    [withCode('server closed the connection unexpectedly', '08006'), 'store'],
    [withCode('canceling statement due to lock timeout', '55P03'), 'store'],
    [withCode('could not serialize access due to concurrent update', '40001'), 'store'],
    [withCode('sorry, too many clients already', '53300'), 'store'],
    [withCode('could not extend file: No space left on device', '53100'), 'store'],
    [new Error('Connection terminated unexpectedly'), 'store'],
    [new Error('timeout exceeded when trying to connect'), 'store'],
    [withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'), 'service'],
    [withCode('connect ECONNREFUSED 127.0.0.1:6390', 'ECONNREFUSED'), 'service'],
    [new Error("Stream isn't writeable and enableOfflineQueue options is false"), 'service'],
    [new Error('Connection is closed.'), 'service'],
    [new Error('Command timed out'), 'service'],
    [named('Reached the max retries per request limit (which is 0).', 'MaxRetriesPerRequestError'), 'service'],
    [named('LOADING Redis is loading the dataset in memory', 'ReplyError'), 'service'],
    [withCode('UNIQUE constraint failed: quiz_answers.run_id', 'SQLITE_CONSTRAINT_UNIQUE'), undefined],
    [withCode('database disk image is malformed', 'SQLITE_CORRUPT'), undefined],
    [withCode('duplicate key value violates unique constraint "quiz_answers_pk"', '23505'), undefined],
    [withCode('audit_log is append-only', 'P0001'), undefined],
    [withCode('column "x" does not exist', '42703'), undefined],
    [named('ERR wrong number of arguments', 'ReplyError'), undefined],
    [new TypeError("Cannot read properties of undefined (reading 'id')"), undefined],
    ['a thrown string', undefined],
    [null, undefined],
  ])('%s → %s', (error, outage) => {
    expect(outageOf(error)).toBe(outage);
  });
});

describe('unavailableFor', () => {
  it('answers an outage with UNAVAILABLE and a wait, never the driver text', () => {
    const error = unavailableFor(withCode('unable to open /srv/data/diem-cau.sqlite: disk I/O error', 'SQLITE_IOERR'));
    expect(error).toBeInstanceOf(AppError);
    expect(error?.code).toBe('UNAVAILABLE');
    expect(HTTP_STATUS[error!.code]).toBe(503);
    expect(error?.retryAfterSeconds).toBeGreaterThan(0);
    expect(JSON.stringify(error?.toBody())).not.toMatch(/srv|sqlite|I\/O/i);
  });

  it('answers a full store with STORAGE_FULL (507), not a wait', () => {
    const error = unavailableFor(withCode('database or disk is full', 'SQLITE_FULL'));
    expect(error?.code).toBe('STORAGE_FULL');
    expect(HTTP_STATUS[error!.code]).toBe(507);
    expect(JSON.stringify(error?.toBody())).not.toMatch(/database|disk is full/i);
    expect(unavailableFor(withCode('could not extend file: No space left on device', '53100'))?.code).toBe(
      'STORAGE_FULL',
    );
  });

  it('leaves other errors alone (they stay INTERNAL)', () => {
    expect(unavailableFor(new Error('bug'))).toBeUndefined();
  });
});
