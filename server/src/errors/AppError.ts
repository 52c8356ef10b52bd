import type { ErrorBody, ErrorCode } from '@diem-cau/shared';

/**
 * An error the client is meant to see: it carries one of the protocol's closed error codes.
 * Anything else thrown in a handler is a bug, logged in full and answered as `INTERNAL`.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorBody['details'];
  /** For a refusal that lifts by itself (RATE_LIMITED, UNAVAILABLE): REST answers it as `Retry-After`. */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options?: { cause?: unknown; details?: ErrorBody['details']; retryAfterSeconds?: number },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options?.details;
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }

  toBody(): ErrorBody {
    return this.details
      ? { code: this.code, message: this.message, details: this.details }
      : { code: this.code, message: this.message };
  }
}

/** HTTP status for each code, for the REST side. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  PROTOCOL_MISMATCH: 426,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  DEADLINE_PASSED: 409,
  UNAVAILABLE: 503,
  STORAGE_FULL: 507,
  RANGE_NOT_SATISFIABLE: 416,
  GONE: 410,
  INTERNAL: 500,
};
