import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, HTTP_STATUS } from '../errors/AppError.js';
import { unavailableFor } from '../errors/unavailable.js';
import type { Logger } from '../logging/logger.js';

/** Unknown API routes answer NOT_FOUND in the protocol's error shape. */
export const apiNotFound: RequestHandler = (req, res) => {
  res.status(404).json({ error: { code: 'NOT_FOUND', message: `No route ${req.method} ${req.path}` } });
};

/**
 * Maps errors to `{ error: { code, message } }`; never sends a stack trace. An outage of the store or
 * Redis (errors/unavailable.ts) answers 503 UNAVAILABLE with Retry-After.
 */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (thrown: unknown, _req, res, _next) => {
    const outage = unavailableFor(thrown);
    if (outage) log.warn({ err: thrown }, 'route refused: a dependency is unavailable');
    const error = outage ?? thrown;
    if (error instanceof AppError) {
      if (error.retryAfterSeconds !== undefined)
        res.set('Retry-After', String(Math.max(1, Math.ceil(error.retryAfterSeconds))));
      res.status(HTTP_STATUS[error.code]).json({ error: error.toBody() });
      return;
    }
    const status = (error as { status?: number; type?: string }).status;
    const type = (error as { type?: string }).type;
    if (type === 'entity.too.large') {
      res.status(413).json({ error: { code: 'PAYLOAD_TOO_LARGE', message: 'Request body too large' } });
      return;
    }
    if (type === 'entity.parse.failed' || status === 400) {
      res.status(400).json({ error: { code: 'BAD_REQUEST', message: 'Malformed request body' } });
      return;
    }
    log.error({ err: error }, 'unhandled route error');
    res.status(500).json({ error: { code: 'INTERNAL', message: 'Internal error' } });
  };
}
