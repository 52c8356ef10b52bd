import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API_ROUTES,
  clientRequests,
  isZodSchema,
  routeUrl,
  type ClientRequestName,
  type RouteDefinition,
} from '@diem-cau/shared';
import type { z } from 'zod';
import { addCheckedInMembers, buildQuizFixture, type QuizFixture } from '../support/quizFixture.js';
import { loginToken } from '../support/orgFixture.js';
import { payloadsFor } from '../support/schemaArbitrary.js';
import { connectSocket, emitRaw, type TestSocket } from '../support/socketClient.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

/** Payloads per event and role, and bodies per REST route: bounded, seeded, so a failure replays. */
const PER_EVENT = 6;
const PER_ROUTE = 5;
const SEED = 20261202;
/** Leaving last: the other events are tried on joined sockets. */
const LAST: readonly ClientRequestName[] = ['session:leave', 'session:join'];

/**
 * Payloads generated from the shared schemas — shaped as the schema says, and arbitrary ones — for
 * every Socket.IO event from every role and every REST body: every request is answered, none with
 * INTERNAL (or 500), and the server is healthy afterwards.
 */
describe('fuzz from the shared schemas', () => {
  let t: TestApp;
  let f: QuizFixture;
  const sockets = new Map<string, TestSocket>();
  let adminToken: string;

  beforeAll(async () => {
    t = await startTestApp();
    f = await buildQuizFixture(t);
    adminToken = await loginToken(t, '/auth/login', { username: f.org.admin.username, password: f.org.admin.password });
    const [member] = await addCheckedInMembers(t, f, 1, [f.org.endpoints.a1]);
    const tokens: Record<string, string> = {
      admin: adminToken,
      host: f.hostToken,
      endpoint: f.endpointTokens.a1,
      member: member!.token,
    };
    for (const [role, token] of Object.entries(tokens)) {
      const socket = await connectSocket(t.url, { token });
      const joined = await socket.emitWithAck('session:join', { sessionId: f.sessionId });
      expect(joined.ok, `${role} joins`).toBe(true);
      sockets.set(role, socket);
    }
  }, 60_000);

  afterAll(async () => {
    for (const s of sockets.values()) s.close();
    await t?.close();
  });

  it('answers every socket request from every role with a coded error or data, never INTERNAL', async () => {
    const names = (Object.keys(clientRequests) as ClientRequestName[]).sort(
      (a, b) => Number(LAST.includes(a)) - Number(LAST.includes(b)),
    );
    const internal: string[] = [];
    let sent = 0;
    for (const name of names) {
      const schema = clientRequests[name].request as z.ZodType;
      const samples = fc.sample(payloadsFor(schema), { numRuns: PER_EVENT, seed: SEED });
      for (const [role, socket] of sockets) {
        for (const payload of samples) {
          const ack = await emitRaw(socket, name, payload);
          sent++;
          if (!ack.ok && ack.error.code === 'INTERNAL')
            internal.push(`${role} ${name} ${JSON.stringify(payload)?.slice(0, 200)}: ${ack.error.message}`);
        }
      }
    }
    expect(internal).toEqual([]);
    expect(sent).toBe(names.length * sockets.size * PER_EVENT);
  }, 240_000);

  it('answers every REST body with a 4xx or success, never 500', async () => {
    const failures: string[] = [];
    for (const { name, route } of API_ROUTES) {
      const r = route as RouteDefinition;
      if (!isZodSchema(r.body)) continue;
      const params = Object.fromEntries(
        [...r.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => [m[1], m[1] === 'format' ? 'xlsx' : f.sessionId]),
      );
      for (const body of fc.sample(payloadsFor(r.body), { numRuns: PER_ROUTE, seed: SEED })) {
        const response = await fetch(`${t.url}${routeUrl(r, params)}`, {
          method: r.method,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
          body: JSON.stringify(body ?? null),
        });
        if (response.status >= 500 && response.status !== 503)
          failures.push(`${name} ${response.status} ${JSON.stringify(body)?.slice(0, 200)} ${await response.text()}`);
      }
    }
    expect(failures).toEqual([]);
  }, 240_000);

  it('is healthy afterwards', async () => {
    const health = await fetch(`${t.url}/healthz`);
    expect(health.status).toBe(200);
  });
});
