import type { ErrorBody, ErrorCode } from '@diem-cau/shared';
import { RequestError } from './socket';

/** A REST error with the server's code and, for imports and forms, its per-row/field details. */
export class ApiError extends RequestError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly details: ErrorBody['details'] = [],
    readonly status = 0,
  ) {
    super(code, message);
    this.name = 'ApiError';
  }
}

async function fail(response: Response): Promise<never> {
  const data: unknown = await response.json().catch(() => ({}));
  const error = (data as { error?: Partial<ErrorBody> }).error;
  throw new ApiError(
    error?.code ?? 'INTERNAL',
    error?.message ?? `HTTP ${response.status}`,
    error?.details ?? [],
    response.status,
  );
}

/**
 * Request to /api with the bearer token. A FormData body goes as multipart, anything else as JSON;
 * resolves with the parsed body (undefined for 204) or throws ApiError with the server's code.
 */
export async function apiJson<T>(method: string, path: string, token: string | null, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  const isForm = body instanceof FormData;
  if (body !== undefined && !isForm) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
    });
  } catch {
    throw new ApiError('UNAVAILABLE', 'Network error');
  }
  if (!response.ok) return fail(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** The same with the token first, as the staff screens call it. */
export function authedApi<T>(token: string, method: string, path: string, body?: unknown): Promise<T> {
  return apiJson<T>(method, path, token, body);
}

/** Uploads one file as multipart/form-data (field "file"). */
export async function apiUpload<T>(path: string, token: string, file: File): Promise<T> {
  const form = new FormData();
  form.append('file', file, file.name);
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
  } catch {
    throw new ApiError('UNAVAILABLE', 'Network error');
  }
  if (!response.ok) return fail(response);
  return (await response.json()) as T;
}

/** Downloads a file with the bearer token and hands it to the browser as a download (or opens it). */
export async function apiDownload(path: string, token: string, fallbackName: string, open = false): Promise<void> {
  const response = await fetch(`/api${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) return fail(response);
  const disposition = response.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1];
  const name = encoded ? decodeURIComponent(encoded) : fallbackName;
  const url = URL.createObjectURL(await response.blob());
  if (open) window.open(url, '_blank', 'noopener');
  else {
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.click();
  }
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
