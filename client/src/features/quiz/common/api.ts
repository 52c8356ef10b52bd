import type { ErrorBody } from '@diem-cau/shared';
import { RequestError } from '../../../lib/socket';

/** A REST error with the server's code and, for imports, its per-row details. */
export class ApiError extends RequestError {
  readonly details: ErrorBody['details'];
  constructor(body: ErrorBody) {
    super(body.code, body.message);
    this.details = body.details;
  }
}

/** Calls the quiz REST API with the bearer token; JSON in, JSON (or nothing) out. */
export async function quizApi<T>(token: string, method: string, path: string, body?: unknown): Promise<T> {
  const isForm = body instanceof FormData;
  const response = await fetch(`/api${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined && !isForm ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
  });
  if (response.status === 204) return undefined as T;
  const data: unknown = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = (data as { error?: ErrorBody }).error;
    throw new ApiError(error ?? { code: 'INTERNAL', message: `HTTP ${response.status}` });
  }
  return data as T;
}

/** Downloads a file from the API (the token cannot ride on a plain link). */
export async function downloadFile(token: string, path: string, fileName: string): Promise<void> {
  const response = await fetch(`/api${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new RequestError('INTERNAL', `HTTP ${response.status}`);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
