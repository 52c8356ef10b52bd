import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Ack, StoredAnswer } from '@diem-cau/shared';
import { quizDomain } from '@diem-cau/server/src/domain/quiz/index.js';
import { addCheckedInMembers, buildQuizFixture, createQuestion, type QuizMember } from '../support/quizFixture.js';
import { restartableEnv, spawnServer, startAppOn, type ServerProcess } from '../support/restartableApp.js';
import { connectSocket, type TestSocket } from '../support/socketClient.js';
import { openTestStore } from '../support/testStore.js';

const MEMBERS = 60;

/**
 * The fault campaign's answer burst: the server is SIGKILLed while a hall is answering. Every
 * acknowledged answer is in the store; after the restart the phones send the unacknowledged ones
 * again (what their outbox does) and each member's answer is stored exactly once.
 */
describe('the server killed during an answer burst', () => {
  const dataDir = mkdtempSync(path.join(process.env.DIEMCAU_TEST_TMP ?? os.tmpdir(), 'quiz-crash-'));
  const env = restartableEnv(dataDir, `test-${randomUUID().slice(0, 8)}`);
  const sockets: TestSocket[] = [];
  const servers: ServerProcess[] = [];

  afterAll(async () => {
    for (const s of sockets) s.close();
    for (const server of servers) await server.crash();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const joinAll = async (url: string, members: QuizMember[], sessionId: string): Promise<TestSocket[]> =>
    Promise.all(
      members.map(async (m) => {
        const s = await connectSocket(url, { token: m.token });
        sockets.push(s);
        const ack = await s.emitWithAck('session:join', { sessionId });
        if (!ack.ok) throw new Error(`join refused: ${ack.error.code}`);
        return s;
      }),
    );
  const answer = (s: TestSocket, runId: string, choice: number): Promise<Ack<StoredAnswer> | null> =>
    s
      .timeout(4_000)
      .emitWithAck('quiz:answer', { runId, answer: { choice: [choice] } })
      .catch(() => null);

  it('loses no acknowledged answer and stores each member once after the phones resend', async () => {
    // A live session with a hall of checked-in members and an open question, prepared in-process.
    const setup = await startAppOn(env);
    const f = await buildQuizFixture(setup);
    const members = await addCheckedInMembers(setup, f, MEMBERS, [f.org.endpoints.a1, f.org.endpoints.b1]);
    const q = await createQuestion(setup, f, {
      type: 'single',
      prompt: 'Nghị quyết được thông qua năm nào?',
      options: ['2024', '2025', '2026'],
      correct: [1],
      timeLimitS: 120,
      explanation: 'Năm 2025.',
    });
    const run = await quizDomain(setup.app.ctx).live.launch(
      { subject: f.org.host.id, role: 'host' },
      f.sessionId,
      q.id,
    );
    await setup.close();

    // The real server in its own process; the hall answers at once and the server dies mid-burst.
    const first = await spawnServer(env);
    servers.push(first);
    const phones = await joinAll(first.url, members, f.sessionId);
    const choiceOf = (i: number) => i % 3;
    // Killed as soon as the first answers are acknowledged, while the rest are still on their way.
    let answered = 0;
    let firstAcks: () => void = () => undefined;
    const someAcked = new Promise<void>((resolve) => (firstAcks = resolve));
    const pending = phones.map((s, i) =>
      answer(s, run.runId, choiceOf(i)).then((a) => {
        if (a?.ok && ++answered >= 5) firstAcks();
        return a;
      }),
    );
    await Promise.race([someAcked, Promise.all(pending)]);
    await first.crash();
    const acks = await Promise.all(pending);
    const acked = new Map<string, StoredAnswer>();
    acks.forEach((a, i) => {
      if (a?.ok) acked.set(members[i]!.id, a.data);
    });

    expect(acked.size).toBeGreaterThanOrEqual(5);
    // Restarted on the same data: the phones reconnect and resend what was not acknowledged.
    const second = await spawnServer(env);
    servers.push(second);
    const unacked = members.filter((m) => !acked.has(m.id));
    const again = await joinAll(second.url, unacked, f.sessionId);
    const resent = await Promise.all(again.map((s, k) => answer(s, run.runId, choiceOf(members.indexOf(unacked[k]!)))));
    expect(resent.every((a) => a?.ok)).toBe(true);

    const reader = openTestStore(dataDir);
    try {
      const rows = await reader
        .selectFrom('quiz_answers')
        .select(['member_id', 'answer_json', 'answered_ms'])
        .where('run_id', '=', run.runId)
        .execute();
      // Stored = members who answered, none twice.
      expect(rows).toHaveLength(MEMBERS);
      expect(new Set(rows.map((r) => r.member_id)).size).toBe(MEMBERS);
      // Every answer acknowledged before the crash is there as acknowledged.
      const byMember = new Map(rows.map((r) => [r.member_id, r]));
      for (const [memberId, stored] of acked) {
        expect(byMember.get(memberId)?.answered_ms).toBe(stored.answeredAt);
        expect(JSON.parse(byMember.get(memberId)!.answer_json)).toEqual(stored.answer);
      }
    } finally {
      await reader.destroy();
    }
  }, 120_000);
});
