import {
  isZodSchema,
  routeUrl,
  type JsonResponseRoute,
  type RouteInput,
  type RouteResponseData,
} from '@diem-cau/shared';

/**
 * Calls a route of the shared map (`API.sessions.end`) on `baseUrl` with a bearer token, as the
 * product's client does, and returns the response parsed by the route's schema; throws on an error
 * status with the server's code.
 */
export async function callRoute<D extends JsonResponseRoute>(
  baseUrl: string,
  route: D,
  input: RouteInput<D>,
  token: string,
  extraHeaders: Record<string, string> = {},
): Promise<RouteResponseData<D>> {
  const call = input as { params?: object; query?: object; body?: unknown };
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...extraHeaders };
  if (call.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${routeUrl(route, call.params, call.query)}`, {
    method: route.method,
    headers,
    body: call.body === undefined ? undefined : JSON.stringify(call.body),
  });
  if (!response.ok) {
    const data = (await response.json().catch(() => ({}))) as { error?: { code?: string } };
    throw new Error(`${route.method} ${route.path} answered ${response.status} ${data.error?.code ?? ''}`.trim());
  }
  if (!isZodSchema(route.response)) return undefined as RouteResponseData<D>;
  return route.response.parse(await response.json()) as RouteResponseData<D>;
}

/**
 * The public address of endpoint e's hall, as a proxy on this host passes it (`X-Forwarded-For`; the
 * platform trusts loopback proxies): the bench's phones and screens all connect from 127.0.0.1, while
 * a province's halls each reach the server from an address of their own, and the sign-in limits are
 * per address.
 */
export function hallAddress(endpoint: number): string {
  return `10.${(endpoint >> 8) & 255}.${endpoint & 255}.1`;
}
