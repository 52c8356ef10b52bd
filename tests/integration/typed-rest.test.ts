import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  API,
  API_ROUTES,
  isZodSchema,
  mountedPath,
  routeUrl,
  type ErrorBody,
  type RouteDefinition,
} from '@diem-cau/shared';
import { buildOrgFixture, loginToken, type OrgFixture } from '../support/orgFixture.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

/** The parts of an Express 5 router layer this test reads. */
interface Layer {
  rawPath?: unknown;
  route?: { path: unknown; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
}

/** `METHOD /mounted/path` of every route registered on the app, walking mounted routers. */
function registeredRoutes(stack: Layer[], prefix = '', regexps: RegExp[] = []): string[] {
  const found: string[] = [];
  for (const layer of stack) {
    if (layer.route) {
      const path = layer.route.path;
      if (path instanceof RegExp) {
        regexps.push(path);
        continue;
      }
      for (const [method, on] of Object.entries(layer.route.methods))
        if (on && method !== '_all') found.push(`${method.toUpperCase()} ${prefix}${String(path)}`);
    } else if (layer.handle.stack) {
      const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
      found.push(...registeredRoutes(layer.handle.stack, `${prefix}${mount}`, regexps));
    }
  }
  return found;
}

const key = (route: RouteDefinition) => `${route.method} ${mountedPath(route)}`;

async function call(
  t: TestApp,
  route: RouteDefinition,
  input: { params?: object; query?: object; body?: unknown; token?: string } = {},
): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = {};
  if (input.token) headers.authorization = `Bearer ${input.token}`;
  if (input.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${t.url}${routeUrl(route, input.params, input.query)}`, {
    method: route.method,
    headers,
    body: input.body === undefined ? undefined : JSON.stringify(input.body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

describe('typed REST: the shared route map is the server', () => {
  let t: TestApp;
  let f: OrgFixture;
  let hostToken: string;
  let adminToken: string;

  beforeAll(async () => {
    t = await startTestApp();
    f = await buildOrgFixture(t);
    hostToken = await loginToken(t, '/auth/login', { username: f.host.username, password: f.host.password });
    adminToken = await loginToken(t, '/auth/login', { username: f.admin.username, password: f.admin.password });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('registers exactly the routes of the map, each once', () => {
    const regexps: RegExp[] = [];
    const registered = registeredRoutes(
      (t.app.express as unknown as { router: { stack: Layer[] } }).router.stack,
      '',
      regexps,
    );
    const mapped = API_ROUTES.map(({ route }) => key(route));

    const duplicates = (list: string[]) => list.filter((k, i) => list.indexOf(k) !== i);
    expect(duplicates(registered)).toEqual([]);
    expect(duplicates(mapped)).toEqual([]);
    expect([...registered].sort()).toEqual([...mapped].sort());
    expect(registered.length).toBeGreaterThan(80);
    // Only the client's page fallback is registered by pattern, and it never answers under /api.
    for (const pattern of regexps) expect(pattern.test('/api/sessions')).toBe(false);
  });

  it('declares every path parameter, and only those, in each route', () => {
    for (const { name, route } of API_ROUTES) {
      const names = [...route.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]).sort();
      const shape = route.params ? Object.keys((route.params as z.ZodObject).shape).sort() : [];
      expect({ name, params: shape }).toEqual({ name, params: names });
      if (!isZodSchema(route.response) && route.response.kind === 'no-content')
        expect({ name, status: route.status ?? 204 }).toEqual({ name, status: 204 });
    }
  });

  it('answers with the statuses and shapes the map declares', async () => {
    const created = await call(t, API.sessions.create, {
      body: { title: 'Phiên kiểm tra kiểu', resolution: 'Nghị quyết' },
      token: hostToken,
    });
    expect(created.status).toBe(API.sessions.create.status);
    const session = API.sessions.create.response.parse(created.body);

    const read = await call(t, API.sessions.get, { params: { id: session.id }, token: hostToken });
    expect(read.status).toBe(200);
    expect(API.sessions.get.response.parse(read.body)).toMatchObject({ id: session.id, status: 'draft' });

    const units = await call(t, API.org.listUnits, { query: { kind: 'district' }, token: hostToken });
    expect(API.org.listUnits.response.parse(units.body).map((u) => u.id)).toEqual(
      expect.arrayContaining([f.districtA, f.districtB]),
    );

    const hook = await call(t, API.webhooks.create, {
      body: { url: 'http://127.0.0.1:9/hook', events: ['session.started'] },
      token: adminToken,
    });
    expect(hook.status).toBe(201);
    const { id } = API.webhooks.create.response.parse(hook.body);
    const removed = await call(t, API.webhooks.remove, { params: { id }, token: adminToken });
    expect(removed).toEqual({ status: 204, body: undefined });
  });

  it('answers 400 BAD_REQUEST with details for a wrong body, path parameter or query', async () => {
    const badBody = await call(t, API.sessions.create, { body: { title: '', extra: 1 }, token: hostToken });
    expect(badBody.status).toBe(400);
    const bodyError = (badBody.body as { error: ErrorBody }).error;
    expect(bodyError.code).toBe('BAD_REQUEST');
    expect(bodyError.details?.map((d) => d.path)).toEqual(expect.arrayContaining(['title', 'resolution']));

    const badParams = await call(t, API.sessions.get, { params: { id: 'not-a-uuid' }, token: hostToken });
    expect(badParams.status).toBe(400);
    const paramsError = (badParams.body as { error: ErrorBody }).error;
    expect(paramsError.code).toBe('BAD_REQUEST');
    expect(paramsError.details?.map((d) => d.path)).toEqual(['id']);

    const badQuery = await call(t, API.org.listUnits, { query: { kind: 'planet' }, token: hostToken });
    expect(badQuery.status).toBe(400);
    const queryError = (badQuery.body as { error: ErrorBody }).error;
    expect(queryError.code).toBe('BAD_REQUEST');
    expect(queryError.details?.map((d) => d.path)).toEqual(['kind']);

    // Authentication still runs first: no token, no validation.
    const anonymous = await call(t, API.sessions.get, { params: { id: 'not-a-uuid' } });
    expect(anonymous.status).toBe(401);
  });
});
