import type { z } from 'zod';

/**
 * REST routes, typed end to end like the socket requests (protocol/define.ts): each route names its
 * method and path (Express syntax, `/sessions/:id`), the zod schemas of its path parameters, query and
 * JSON body, and the schema of its answer. The server registers it with `route()`
 * (server/src/http/typedRoute.ts), the client calls it with `api()` (client/src/lib/api.ts).
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The route answers 204 with no body. */
export interface NoContentResponse {
  readonly kind: 'no-content';
}
/** The route answers a file download (Content-Disposition), written by its handler. */
export interface FileResponse {
  readonly kind: 'file';
}
/** The route answers plain text written by its handler (the Prometheus metrics). */
export interface TextResponse {
  readonly kind: 'text';
}
/** The body is multipart/form-data with one file in field "file" (read by the handler). */
export interface MultipartFileBody {
  readonly kind: 'multipart';
  readonly field: 'file';
}

export const NO_CONTENT: NoContentResponse = Object.freeze({ kind: 'no-content' });
export const FILE: FileResponse = Object.freeze({ kind: 'file' });
export const TEXT: TextResponse = Object.freeze({ kind: 'text' });
export const MULTIPART_FILE: MultipartFileBody = Object.freeze({ kind: 'multipart', field: 'file' });

export type RouteResponse = z.ZodType | NoContentResponse | FileResponse | TextResponse;
export type RouteBody = z.ZodType | MultipartFileBody;

export interface RouteDefinition {
  readonly method: HttpMethod;
  /** Express syntax, relative to `base`: `/sessions/:id`. */
  readonly path: string;
  /** Where the route is mounted; '/api' unless said (the operations routes /healthz and /metrics: ''). */
  readonly base?: '/api' | '';
  /** Every `:name` of the path, and only those. */
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  /** A zod schema for a JSON body, or MULTIPART_FILE for an upload. */
  readonly body?: RouteBody;
  readonly response: RouteResponse;
  /** Status of a success: 200 unless said (201 for creates, 202 for queued work; 204 for NO_CONTENT). */
  readonly status?: 200 | 201 | 202 | 204;
}

/** Names of the `:params` of an Express path: `/sessions/:id/invites/:endpointId` → 'id' | 'endpointId'. */
export type PathParamNames<P extends string> = P extends `${string}:${infer Rest}`
  ? Rest extends `${infer Name}/${infer Tail}`
    ? Name | PathParamNames<Tail>
    : Rest
  : never;

type ParamsRule<P extends string> = [PathParamNames<P>] extends [never]
  ? { readonly params?: undefined }
  : { readonly params: z.ZodType<{ [K in PathParamNames<P>]: unknown }> };

/** Declares one route, keeping its literal types; a path with `:params` must come with their schema. */
export function defineRoute<const D extends RouteDefinition>(definition: D & ParamsRule<D['path']>): D {
  return definition;
}

export type JsonResponseRoute = RouteDefinition & { readonly response: z.ZodType | NoContentResponse };
export type FileRoute = RouteDefinition & { readonly response: FileResponse };

/** What the client receives: the response schema's output, nothing for 204. */
export type RouteResponseData<D extends RouteDefinition> = D['response'] extends z.ZodType
  ? z.output<D['response']>
  : void;
/** What a server handler returns: the JSON the response schema accepts; nothing for 204 and raw answers. */
export type RouteResult<D extends RouteDefinition> = D['response'] extends z.ZodType ? z.input<D['response']> : void;

type Part<Key extends string, S> = S extends z.ZodType
  ? object extends z.input<S>
    ? { [K in Key]?: z.input<S> }
    : { [K in Key]: z.input<S> }
  : { [K in Key]?: never };

/** What a caller passes: path parameters, query and body as the route's schemas accept them. */
export type RouteInput<D extends RouteDefinition> = Part<'params', D extends { params: infer S } ? S : undefined> &
  Part<'query', D extends { query: infer S } ? S : undefined> &
  (D extends { body: MultipartFileBody }
    ? { file: Blob; fileName?: string; body?: never }
    : Part<'body', D extends { body: infer S } ? S : undefined>);

/** What a server handler receives: the parsed path parameters, query and body (undefined when undeclared). */
export interface RouteParsed<D extends RouteDefinition> {
  params: D extends { params: infer S extends z.ZodType } ? z.output<S> : undefined;
  query: D extends { query: infer S extends z.ZodType } ? z.output<S> : undefined;
  body: D extends { body: infer S extends z.ZodType } ? z.output<S> : undefined;
}

/** A zod schema rather than one of the markers (duck-typed: the client bundle and the server may load zod twice). */
export function isZodSchema(value: unknown): value is z.ZodType {
  return typeof (value as { safeParse?: unknown } | undefined)?.safeParse === 'function';
}

/** The path as mounted: `/api/sessions/:id`. */
export function mountedPath(route: RouteDefinition): string {
  return `${route.base ?? '/api'}${route.path}`;
}

/**
 * The URL of a call (without origin): the mounted path with each `:param` filled in (URI-encoded) and
 * the query encoded (undefined and null left out, arrays repeated).
 */
export function routeUrl(route: RouteDefinition, params?: object, query?: object): string {
  const values = (params ?? {}) as Record<string, unknown>;
  const path = mountedPath(route).replace(/:([A-Za-z0-9_]+)/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined || value === null || value === '')
      throw new Error(`${route.method} ${route.path}: missing path parameter "${name}"`);
    return encodeURIComponent(String(value));
  });
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) search.append(key, String(item));
  }
  const encoded = search.toString();
  return encoded ? `${path}?${encoded}` : path;
}
