import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reveal } from '@diem-cau/shared';
import type { LoadMember, LoadReport } from '../support/quizLoad.js';
import {
  addCheckedInMembers,
  buildQuizFixture,
  createQuestion,
  type QuizFixture,
  type QuizMember,
} from '../support/quizFixture.js';
import { connectSocket, type TestSocket } from '../support/socketClient.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

const MEMBERS = 1_000;
const WINDOW_MS = 2_000;
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

function waitFor<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { type: string }) => {
      if (m.type !== type) return;
      child.off('message', onMessage);
      resolve(m as T);
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`load process exited (${code}) before "${type}"`)));
  });
}

describe(`quiz burst: ${MEMBERS} member sockets from another process answer within ${WINDOW_MS / 1000} s`, () => {
  let t: TestApp;
  let f: QuizFixture;
  let members: QuizMember[];
  let child: ChildProcess | undefined;
  let host: TestSocket | undefined;

  beforeAll(async () => {
    t = await startTestApp();
    f = await buildQuizFixture(t);
    members = await addCheckedInMembers(t, f, MEMBERS, [f.org.endpoints.a1, f.org.endpoints.b1]);
  });
  afterAll(async () => {
    child?.send({ type: 'stop' });
    host?.close();
    await t?.close();
  });

  it(
    'stores every answer exactly once, resends get the stored answer, and the distribution matches',
    { timeout: 180_000 },
    async () => {
      const resendKinds = ['immediate', 'afterAck', 'reconnect'] as const;
      // Every 10th member resends (in turn: at once, after the ack, from a fresh connection).
      const plan: LoadMember[] = members.map((m, i) => ({
        id: m.id,
        token: m.token,
        choice: i % 3,
        resend: i % 10 === 0 ? resendKinds[(i / 10) % 3]! : 'none',
      }));
      const q = await createQuestion(t, f, {
        type: 'single',
        prompt: 'Mục tiêu tổng quát của Nghị quyết là gì?',
        options: ['Phương án A', 'Phương án B', 'Phương án C'],
        correct: [0],
        timeLimitS: 60,
      });

      child = fork(path.join(import.meta.dirname, '../support/quizLoad.ts'), [], {
        execArgv: ['--import', TSX],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      const ready = waitFor<{ connected: number; failures: number }>(child, 'ready');
      child.send({ type: 'connect', url: t.url, sessionId: f.sessionId, windowMs: WINDOW_MS, members: plan });
      expect(await ready).toEqual({ type: 'ready', connected: MEMBERS, failures: 0 });

      host = await connectSocket(t.url, { token: f.hostToken });
      expect((await host.emitWithAck('session:join', { sessionId: f.sessionId })).ok).toBe(true);
      const done = waitFor<{ report: LoadReport }>(child, 'done');
      const launched = await host.emitWithAck('quiz:launch', { questionId: q.id });
      if (!launched.ok) throw new Error(launched.error.code);
      const runId = launched.data.runId;
      const { report } = await done;

      expect(report.errors).toEqual([]);
      expect(report.questionsReceived).toBe(MEMBERS);
      // Every first answer acknowledged with what was sent; every resend with that same stored answer.
      for (const m of plan) {
        const first = report.first[m.id];
        expect(first, m.id).toMatchObject({ ok: true, data: { runId, answer: { choice: [m.choice] } } });
        if (m.resend !== 'none') expect(report.resends[m.id], m.id).toEqual(first);
      }
      // Stored exactly once per member, with the first answer.
      const rows = await t.app.db
        .selectFrom('quiz_answers')
        .select(['member_id', 'answer_json'])
        .where('run_id', '=', runId)
        .execute();
      expect(rows).toHaveLength(MEMBERS);
      expect(new Set(rows.map((r) => r.member_id)).size).toBe(MEMBERS);
      const sent = new Map(plan.map((m) => [m.id, m.choice]));
      for (const r of rows) expect(JSON.parse(r.answer_json)).toEqual({ choice: [sent.get(r.member_id)] });

      const expected = [0, 1, 2].map((c) => plan.filter((m) => m.choice === c).length);
      const reveal = await host.emitWithAck('quiz:reveal', { runId });
      expect(reveal.ok).toBe(true);
      const distribution = (reveal as { data: Reveal }).data.distribution;
      expect(distribution).toMatchObject({
        total: MEMBERS,
        members: MEMBERS,
        teams: 0,
        options: expected,
        correct: expected[0],
      });
    },
  );
});
