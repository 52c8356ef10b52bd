// Test support (imported by the domains' errors.test.ts, not a test file itself): one table-driven
// check for a domain's named error constructors.
import type { ErrorCode } from '@diem-cau/shared';
import { describe, expect, it } from 'vitest';
import { AppError, HTTP_STATUS } from './AppError.js';

/** One constructor's expectation: the error it builds (called with sample arguments), its code and HTTP status. */
export type NamedErrorCase = readonly [error: AppError, code: ErrorCode, status: number];

/**
 * For each constructor of `errors`: it builds an AppError with the intended code, a non-empty message,
 * and the HTTP status that code maps to. `cases` must name every constructor (the type asks for all of
 * them), so a new constructor without a row fails to compile.
 */
export function testNamedErrors<T extends Record<string, (...args: never[]) => AppError>>(
  name: string,
  errors: T,
  cases: { readonly [K in keyof T]: NamedErrorCase },
): void {
  describe(name, () => {
    it('has a case for every constructor', () => {
      expect(Object.keys(cases).sort()).toEqual(Object.keys(errors).sort());
    });

    it.each(Object.entries(cases))('%s', (_constructor, [error, code, status]) => {
      expect(error).toBeInstanceOf(AppError);
      expect(error.code).toBe(code);
      expect(error.message.trim()).not.toBe('');
      expect(HTTP_STATUS[error.code]).toBe(status);
    });
  });
}
