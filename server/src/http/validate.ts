import type { z } from 'zod';
import { AppError } from '../errors/AppError.js';
import { zodDetails } from '../errors/zodDetails.js';

/** Parses a REST body, query or params with a schema from shared/, or throws BAD_REQUEST with details. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what = 'request'): z.output<S> {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) throw new AppError('BAD_REQUEST', `Malformed ${what}`, { details: zodDetails(parsed.error) });
  return parsed.data;
}
