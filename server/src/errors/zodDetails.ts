import type { z } from 'zod';
import type { ErrorBody } from '@diem-cau/shared';

/** Turns a zod error into the protocol's per-field details (never the received values). */
export function zodDetails(error: z.ZodError): NonNullable<ErrorBody['details']> {
  return error.issues.slice(0, 20).map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
}
