import type { Request, RequestHandler, Response, Router } from 'express';
import { isZodSchema, type RouteDefinition, type RouteParsed, type RouteResult } from '@diem-cau/shared';
import { parseInput } from './validate.js';

/** A typed route's handler: parsed input in, the route's answer out (sent as JSON by `route`). */
export type TypedHandler<D extends RouteDefinition> = (
  input: RouteParsed<D> & { req: Request; res: Response },
) => RouteResult<D> | Promise<RouteResult<D>>;

const METHODS = { GET: 'get', POST: 'post', PUT: 'put', PATCH: 'patch', DELETE: 'delete' } as const;

/**
 * Registers one route of the shared map (`API.sessions.get`) on `router`, after its middlewares (auth,
 * rate limits). The handler receives params, query and JSON body parsed with the route's schemas
 * (BAD_REQUEST with per-field details otherwise) and returns the answer, which is sent as JSON with the
 * route's status (200 unless it names another; a handler may set `res.status` itself when it names
 * none, as /healthz does). NO_CONTENT routes answer 204; FILE and TEXT routes write `res` themselves; a
 * MULTIPART_FILE body is left to the handler (it reads the file after its own checks).
 */
export function route<D extends RouteDefinition>(router: Router, definition: D, handler: TypedHandler<D>): void;
export function route<D extends RouteDefinition>(
  router: Router,
  definition: D,
  m1: RequestHandler,
  handler: TypedHandler<D>,
): void;
export function route<D extends RouteDefinition>(
  router: Router,
  definition: D,
  m1: RequestHandler,
  m2: RequestHandler,
  handler: TypedHandler<D>,
): void;
export function route<D extends RouteDefinition>(
  router: Router,
  definition: D,
  m1: RequestHandler,
  m2: RequestHandler,
  m3: RequestHandler,
  handler: TypedHandler<D>,
): void;
// TypeScript widens the literals a handler returns (`{ state: 'queued' }` is checked as `state: string`):
// return such objects with `satisfies` the response type.
export function route<D extends RouteDefinition>(
  router: Router,
  definition: D,
  ...handlers: (RequestHandler | TypedHandler<D>)[]
): void {
  const handler = handlers.at(-1) as TypedHandler<D>;
  const middlewares = handlers.slice(0, -1) as RequestHandler[];
  const { params, query, body, response, status } = definition;
  const typed: RequestHandler = async (req, res) => {
    const input = {
      params: params ? parseInput(params, req.params, 'path parameters') : undefined,
      query: query ? parseInput(query, req.query, 'query') : undefined,
      body: isZodSchema(body) ? parseInput(body, req.body, 'request body') : undefined,
      req,
      res,
    } as RouteParsed<D> & { req: Request; res: Response };
    const result = await handler(input);
    if (isZodSchema(response)) {
      if (status) res.status(status);
      res.json(result);
    } else if (response.kind === 'no-content') {
      res.status(status ?? 204).end();
    }
  };
  router[METHODS[definition.method]](definition.path, ...middlewares, typed);
}
