import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import type { FloorState, LiveRun, RollCall } from '@diem-cau/shared';
import { buildQuizFixture, createQuestion } from '../support/quizFixture.js';
import { request } from '../support/mediaSignal.js';
import { restartableEnv, spawnServer, startAppOn, type ServerProcess } from '../support/restartableApp.js';
import { connectSocket, type TestSocket } from '../support/socketClient.js';
import type { TestApp } from '../support/testApp.js';

const HAND_GRACE_SECONDS = 2;

/**
 * Two nodes on one store and one Redis; the one the host and the endpoint work through is
 * SIGKILLed right after they raise a hand, start a roll call and launch a question. The node left
 * closes the question at its deadline, closes the roll call and lowers the hand after its grace —
 * each once, as its console sees it.
 */
describe('the timers of a node killed mid-session', () => {
  const dataDir = mkdtempSync(path.join(process.env.DIEMCAU_TEST_TMP ?? os.tmpdir(), 'node-killed-'));
  const env = restartableEnv(dataDir, `test-${randomUUID().slice(0, 8)}`, {
    FLOOR_HAND_GRACE_SECONDS: String(HAND_GRACE_SECONDS),
  });
  const sockets: TestSocket[] = [];
  let survivor: TestApp | undefined;
  let doomed: ServerProcess | undefined;

  afterAll(async () => {
    for (const s of sockets) s.close();
    await doomed?.crash();
    await survivor?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const joinOn = async (url: string, token: string, sessionId: string): Promise<TestSocket> => {
    const socket = await connectSocket(url, { token });
    sockets.push(socket);
    await request(socket, 'session:join', { sessionId });
    return socket;
  };

  it('fire once each on the node left: the quiz deadline, the roll call’s close and a hand’s grace', async () => {
    survivor = await startAppOn(env);
    const f = await buildQuizFixture(survivor);
    const question = await createQuestion(survivor, f, {
      type: 'true_false',
      prompt: 'Nút chết',
      correct: [0],
      timeLimitS: 5,
    });
    doomed = await spawnServer(env);

    // The console on the node that stays, recording what it is told.
    const desk = await joinOn(survivor.url, f.hostToken, f.sessionId);
    const runs: LiveRun[] = [];
    const calls: RollCall[] = [];
    const floors: FloorState[] = [];
    desk.on('quiz:run', (r) => void runs.push(r));
    desk.on('rollcall:state', (s) => void calls.push(s));
    desk.on('floor:state', (s) => void floors.push(s));

    // Everything is started through the doomed node.
    const host = await joinOn(doomed.url, f.hostToken, f.sessionId);
    const screen = await joinOn(doomed.url, f.endpointTokens.a1, f.sessionId);
    await request(screen, 'floor:raiseHand', {});
    const call = await request(host, 'rollcall:start', { durationSeconds: 10 });
    const run = await request(host, 'quiz:launch', { questionId: question.id });
    await doomed.crash();

    const closedRuns = () => runs.filter((r) => r.runId === run.runId && r.closedAt !== null);
    const closedCalls = () => calls.filter((c) => c.rollCallId === call.rollCallId && c.closed);
    const lowered = () => floors.filter((s) => s.queue.length === 0);
    await expect.poll(() => closedRuns().length, { timeout: 15_000, interval: 100 }).toBe(1);
    await expect.poll(() => lowered().length, { timeout: 20_000, interval: 100 }).toBe(1);
    await expect.poll(() => closedCalls().length, { timeout: 15_000, interval: 100 }).toBe(1);
    await delay(1_500); // nothing fires twice
    expect(closedRuns()).toHaveLength(1);
    expect(closedRuns()[0]!.closedAt).toBe(run.deadline);
    expect(closedCalls()).toHaveLength(1);
    expect(lowered()).toHaveLength(1);
    expect(Date.now()).toBeGreaterThan(call.deadline);

    const stored = await survivor.app.db
      .selectFrom('quiz_runs')
      .select('closed_ms')
      .where('id', '=', run.runId)
      .executeTakeFirstOrThrow();
    expect(stored.closed_ms).toBe(run.deadline);
    expect((await request(desk, 'floor:getState', {})).queue).toEqual([]);
  }, 90_000);
});
