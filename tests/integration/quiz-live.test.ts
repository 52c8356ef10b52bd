import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveRun, ServerToClientEvents } from '@diem-cau/shared';
import { api } from '../support/orgFixture.js';
import {
  addCheckedInMembers,
  buildQuizFixture,
  createQuestion,
  type QuizFixture,
  type QuizMember,
} from '../support/quizFixture.js';
import { connectSocket, emitRaw, type TestSocket } from '../support/socketClient.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

type PushName = keyof ServerToClientEvents;
function nextPush<K extends PushName>(
  socket: TestSocket,
  event: K,
  match: (p: Parameters<ServerToClientEvents[K]>[0]) => boolean = () => true,
): Promise<Parameters<ServerToClientEvents[K]>[0]> {
  return new Promise((resolve) => {
    const on = socket.on.bind(socket) as (e: string, l: (p: Parameters<ServerToClientEvents[K]>[0]) => void) => void;
    const off = socket.off.bind(socket) as (e: string, l: (p: Parameters<ServerToClientEvents[K]>[0]) => void) => void;
    const listener = (p: Parameters<ServerToClientEvents[K]>[0]) => {
      if (!match(p)) return;
      off(event, listener);
      resolve(p);
    };
    on(event, listener);
  });
}

async function joined(t: TestApp, token: string, sessionId: string): Promise<TestSocket> {
  const socket = await connectSocket(t.url, { token });
  const ack = await socket.emitWithAck('session:join', { sessionId });
  if (!ack.ok) throw new Error(`join refused: ${ack.error.code}`);
  return socket;
}

describe('live quiz over Socket.IO', () => {
  let t: TestApp;
  let f: QuizFixture;
  let members: QuizMember[];
  let absent: QuizMember | undefined;
  let host: TestSocket;
  let screenA: TestSocket;
  let screenB: TestSocket;
  let phones: TestSocket[];
  let absentPhone: TestSocket;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    f = await buildQuizFixture(t);
    members = await addCheckedInMembers(t, f, 3, [f.org.endpoints.a1]);
    [absent] = await addCheckedInMembers(t, f, 1, [f.org.endpoints.a1], { checkIn: false });
    host = await joined(t, f.hostToken, f.sessionId);
    screenA = await joined(t, f.endpointTokens.a1, f.sessionId);
    screenB = await joined(t, f.endpointTokens.b1, f.sessionId);
    phones = await Promise.all(members.map((m) => joined(t, m.token, f.sessionId)));
    absentPhone = await joined(t, absent!.token, f.sessionId);
    sockets.push(host, screenA, screenB, ...phones, absentPhone);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t?.close();
  });

  it('runs a question: launch to every screen, exactly-once answers, close, extend, reveal, leaderboard', async () => {
    const q = await createQuestion(t, f, {
      type: 'single',
      prompt: 'Nghị quyết được thông qua năm nào?',
      options: ['2024', '2025', '2026'],
      correct: [1],
      timeLimitS: 60,
      explanation: 'Năm 2025.',
    });
    const absentPushes: string[] = [];
    absentPhone.onAny((event: string) => absentPushes.push(event));

    const onPhone = nextPush(phones[0]!, 'quiz:question');
    const onScreen = nextPush(screenA, 'quiz:question');
    const launched = await host.emitWithAck('quiz:launch', { questionId: q.id });
    expect(launched.ok).toBe(true);
    if (!launched.ok) return;
    const run: LiveRun = launched.data;
    expect(run.deadline - run.startedAt).toBe(60_000);
    const phoneRun = await onPhone;
    expect(phoneRun.runId).toBe(run.runId);
    expect(phoneRun.question).toEqual({
      id: q.id,
      position: q.position,
      type: 'single',
      prompt: q.prompt,
      options: q.options,
      timeLimitS: 60,
    });
    expect(phoneRun).not.toHaveProperty('question.correct');
    expect((await onScreen).runId).toBe(run.runId);

    // Exactly once: a resend (even with another choice, even from a new connection) gets the stored answer.
    const first = await phones[0]!.emitWithAck('quiz:answer', { runId: run.runId, answer: { choice: [1] } });
    const resend = await phones[0]!.emitWithAck('quiz:answer', { runId: run.runId, answer: { choice: [2] } });
    expect(first.ok && resend.ok).toBe(true);
    expect(resend).toEqual(first);
    if (first.ok) expect(first.data).toMatchObject({ answer: { choice: [1] }, correct: null, points: null });
    phones[0]!.close();
    phones[0] = await joined(t, members[0]!.token, f.sessionId);
    sockets.push(phones[0]);
    expect(await phones[0].emitWithAck('quiz:answer', { runId: run.runId, answer: { choice: [0] } })).toEqual(first);

    // Refusals, each with its code, none of them stored.
    expect(await absentPhone.emitWithAck('quiz:answer', { runId: run.runId, answer: { choice: [1] } })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await emitRaw(host, 'quiz:answer', { runId: run.runId, answer: { choice: [1] } })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await emitRaw(screenA, 'quiz:answer', { runId: run.runId, answer: { choice: [1] } })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await emitRaw(phones[1]!, 'quiz:launch', { questionId: q.id })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await emitRaw(phones[1]!, 'quiz:answer', { runId: run.runId, answer: { choice: 'B' } })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    expect(await emitRaw(phones[1]!, 'quiz:answer', { runId: 'nope', answer: { choice: [1] } })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    expect(await emitRaw(phones[1]!, 'quiz:answer', { runId: run.runId, answer: { choice: [0, 1] } })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    expect(await emitRaw(phones[1]!, 'quiz:answer', { runId: run.runId, answer: { choice: [5] } })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    expect(await emitRaw(phones[1]!, 'quiz:answer', { runId: run.runId, answer: { text: '2025' } })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    const stored = await t.app.db
      .selectFrom('quiz_answers')
      .select(['member_id', 'answer_json'])
      .where('run_id', '=', run.runId)
      .execute();
    expect(stored).toEqual([{ member_id: members[0]!.id, answer_json: '{"choice":[1]}' }]);

    // Team answer from the hall without phones: once per endpoint.
    const team = await screenB.emitWithAck('quiz:teamAnswer', { runId: run.runId, answer: { choice: [1] } });
    expect(await screenB.emitWithAck('quiz:teamAnswer', { runId: run.runId, answer: { choice: [0] } })).toEqual(team);
    expect(await emitRaw(phones[1]!, 'quiz:teamAnswer', { runId: run.runId, answer: { choice: [1] } })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });

    // Close early: later answers are refused with DEADLINE_PASSED; a resend still gets its stored answer.
    const closedOnPhone = nextPush(phones[1]!, 'quiz:run', (p) => p.closedAt !== null);
    const closed = await host.emitWithAck('quiz:close', { runId: run.runId });
    expect(closed.ok && closed.data.closedAt !== null).toBe(true);
    expect((await closedOnPhone).closedAt).not.toBeNull();
    expect(await phones[1]!.emitWithAck('quiz:answer', { runId: run.runId, answer: { choice: [1] } })).toMatchObject({
      ok: false,
      error: { code: 'DEADLINE_PASSED' },
    });
    expect(await phones[0].emitWithAck('quiz:answer', { runId: run.runId, answer: { choice: [1] } })).toEqual(first);

    // Extend: open again with a later deadline.
    const extended = await host.emitWithAck('quiz:extend', { runId: run.runId, seconds: 30 });
    expect(extended.ok && extended.data.closedAt === null && extended.data.deadline > run.deadline - 60_000).toBe(true);
    expect(await phones[1]!.emitWithAck('quiz:answer', { runId: run.runId, answer: { choice: [0] } })).toMatchObject({
      ok: true,
      data: { answer: { choice: [0] } },
    });

    // Host sees the live distribution before the reveal; nobody else may ask for it.
    const live = await host.emitWithAck('quiz:distribution', { runId: run.runId });
    expect(live).toMatchObject({
      ok: true,
      data: { total: 3, members: 2, teams: 1, options: [1, 2, 0], correct: null },
    });
    expect(await emitRaw(screenA, 'quiz:distribution', { runId: run.runId })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });

    // Reveal: every screen gets answer and distribution; the member's own result shows its points.
    const revealOnScreen = nextPush(screenA, 'quiz:reveal');
    const revealOnPhone = nextPush(phones[0], 'quiz:reveal');
    const boardOnHost = nextPush(host, 'quiz:leaderboard');
    const reveal = await host.emitWithAck('quiz:reveal', { runId: run.runId });
    expect(reveal).toMatchObject({
      ok: true,
      data: {
        correctChoice: [1],
        explanation: 'Năm 2025.',
        distribution: { total: 3, options: [1, 2, 0], correct: 2 },
      },
    });
    expect((await revealOnScreen).distribution.options).toEqual([1, 2, 0]);
    expect((await revealOnPhone).correctChoice).toEqual([1]);
    const mine = await phones[0].emitWithAck('quiz:state', {});
    expect(mine.ok).toBe(true);
    if (mine.ok) {
      expect(mine.data.mine).toMatchObject({ correct: true });
      expect(mine.data.mine?.points).toBeGreaterThanOrEqual(1000);
      expect(mine.data.total).toBe(mine.data.mine?.points);
      expect(mine.data.leaderboard).toBeNull();
    }
    const board = (await boardOnHost).leaderboard!;
    expect(board.members.map((m) => m.id)).toEqual([members[0]!.id, members[1]!.id]);
    expect(board.members[1]!.score).toBe(0);
    const a1 = board.endpoints.find((e) => e.id === f.org.endpoints.a1)!;
    const b1 = board.endpoints.find((e) => e.id === f.org.endpoints.b1)!;
    expect(a1).toMatchObject({ basis: 'members', correct: 1, answered: 2 });
    expect(a1.score).toBeCloseTo(board.members[0]!.score / 3, 1); // three members checked in at A1
    expect(b1).toMatchObject({ basis: 'team', correct: 1, answered: 1 });
    expect(board.districts.map((d) => d.id).sort()).toEqual([f.org.districtA, f.org.districtB].sort());
    expect(absentPushes.filter((e) => e.startsWith('quiz:'))).toEqual([]);
  });

  it('shows the leaderboard on endpoint screens only while the host chooses to', async () => {
    const shown = nextPush(screenA, 'quiz:leaderboard', (p) => p.leaderboard !== null);
    expect(await host.emitWithAck('quiz:showLeaderboard', { visible: true })).toEqual({
      ok: true,
      data: { visible: true },
    });
    expect((await shown).leaderboard?.endpoints.length).toBe(2);
    const state = await screenA.emitWithAck('quiz:state', {});
    expect(state.ok && state.data.leaderboard !== null).toBe(true);
    const hidden = nextPush(screenA, 'quiz:leaderboard', (p) => p.leaderboard === null);
    await host.emitWithAck('quiz:showLeaderboard', { visible: false });
    await hidden;
    expect(await emitRaw(screenA, 'quiz:showLeaderboard', { visible: true })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('refuses answers after the server deadline with DEADLINE_PASSED (closed by the server itself)', async () => {
    const q = await createQuestion(t, f, {
      type: 'short',
      prompt: 'Ai là người sáng lập Đảng?',
      accepted: ['Hồ Chí Minh', 'Nguyễn Ái Quốc'],
      timeLimitS: 5,
    });
    const launched = await host.emitWithAck('quiz:launch', { questionId: q.id });
    if (!launched.ok) throw new Error(launched.error.code);
    const runId = launched.data.runId;
    expect(await phones[2]!.emitWithAck('quiz:answer', { runId, answer: { text: 'nguyen ai quoc' } })).toMatchObject({
      ok: true,
    });
    await nextPush(phones[1]!, 'quiz:run', (p) => p.runId === runId && p.closedAt !== null);
    expect(await phones[1]!.emitWithAck('quiz:answer', { runId, answer: { text: 'Hồ Chí Minh' } })).toMatchObject({
      ok: false,
      error: { code: 'DEADLINE_PASSED' },
    });
    const reveal = await host.emitWithAck('quiz:reveal', { runId });
    expect(reveal).toMatchObject({
      ok: true,
      data: { distribution: { total: 1, texts: [{ text: 'nguyen ai quoc', count: 1 }], correct: 1 } },
    });
  });

  it('keeps the bank to the session host: other hosts and members are refused', async () => {
    expect((await api(t, 'GET', `/quiz/sessions/${f.sessionId}/questions`, undefined, f.otherHostToken)).status).toBe(
      403,
    );
    expect((await api(t, 'GET', `/quiz/sessions/${f.sessionId}/questions`, undefined, members[0]!.token)).status).toBe(
      403,
    );
    expect((await api(t, 'GET', `/quiz/sessions/${f.sessionId}/questions`)).status).toBe(401);
    const bad = await api<{ error: { code: string; details: Array<{ path: string }> } }>(
      t,
      'POST',
      `/quiz/sessions/${f.sessionId}/questions`,
      { type: 'single', prompt: 'x', options: ['a'], correct: [3] },
      f.hostToken,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d) => d.path)).toEqual(expect.arrayContaining(['options', 'correct']));
    const list = await api<unknown[]>(t, 'GET', `/quiz/sessions/${f.sessionId}/questions`, undefined, f.hostToken);
    expect(list.body).toHaveLength(2);
  });
});
