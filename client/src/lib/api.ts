import {
  routeUrl,
  type ErrorBody,
  type ErrorCode,
  type FileRoute,
  type JsonResponseRoute,
  type RouteDefinition,
  type RouteInput,
  type RouteResponseData,
} from '@diem-cau/shared';
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

/** One call of a route of the shared map: its params, query and body (or file), and the bearer token. */
export type ApiCall<D extends RouteDefinition> = RouteInput<D> & { token?: string | null };

interface AnyCall {
  params?: object;
  query?: object;
  body?: unknown;
  file?: Blob;
  fileName?: string;
  token?: string | null;
}

async function send(route: RouteDefinition, call: AnyCall): Promise<Response> {
  let url: string;
  try {
    url = routeUrl(route, call.params, call.query);
  } catch (error) {
    // A missing or empty path parameter: nothing the server could answer but BAD_REQUEST or NOT_FOUND.
    throw new ApiError('BAD_REQUEST', (error as Error).message);
  }
  const headers: Record<string, string> = {};
  if (call.token) headers.authorization = `Bearer ${call.token}`;
  let body: BodyInit | undefined;
  if (call.file) {
    const form = new FormData();
    form.append('file', call.file, call.fileName ?? (call.file instanceof File ? call.file.name : 'file'));
    body = form;
  } else if (call.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(call.body);
  }
  let response: Response;
  try {
    response = await fetch(url, { method: route.method, headers, body });
  } catch {
    throw new ApiError('UNAVAILABLE', 'Network error');
  }
  if (!response.ok) return fail(response);
  return response;
}

/**
 * Calls a route of the shared map (`API.sessions.get`): builds the URL from its path and `params`,
 * encodes `query`, sends `body` as JSON or `file` as multipart (field "file"), with the bearer token.
 * Resolves with the route's typed answer (undefined for 204) or throws ApiError with the server's code.
 */
export async function api<D extends JsonResponseRoute>(route: D, call: ApiCall<D>): Promise<RouteResponseData<D>> {
  const response = await send(route, call as AnyCall);
  if (response.status === 204) return undefined as RouteResponseData<D>;
  return (await response.json()) as RouteResponseData<D>;
}

/** Downloads a file route with the bearer token and hands it to the browser as a download (or opens it). */
export async function apiDownload<D extends FileRoute>(
  route: D,
  call: ApiCall<D>,
  fallbackName: string,
  open = false,
): Promise<void> {
  const response = await send(route, call as AnyCall);
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
