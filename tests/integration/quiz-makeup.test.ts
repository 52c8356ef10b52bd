import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerResult, MakeupAttempt, MakeupResult, MakeupStatus } from '@diem-cau/shared';
import { quizDomain } from '@diem-cau/server/src/domain/quiz/index.js';
import { sessionService } from '@diem-cau/server/src/domain/sessions/index.js';
import { api, loginToken } from '../support/orgFixture.js';
import {
  addCheckedInMembers,
  buildQuizFixture,
  createQuestion,
  type QuizFixture,
  type QuizMember,
} from '../support/quizFixture.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

describe('make-up quiz after the session', () => {
  let t: TestApp;
  let f: QuizFixture;
  let missed: QuizMember | undefined;
  let attended: QuizMember | undefined;
  /** Checked in, but for less than the session's attendance share: absent by the rule. */
  let briefly: QuizMember | undefined;
  let openRunId = '';
  const base = () => `/quiz/sessions/${f.sessionId}`;

  beforeAll(async () => {
    t = await startTestApp();
    f = await buildQuizFixture(t);
    [missed] = await addCheckedInMembers(t, f, 1, [f.org.endpoints.a1], { checkIn: false });
    const started = (await sessionService(t.app.ctx).get(f.sessionId)).startedAt!;
    // Present from the start to the end: attended by the rule.
    [attended] = await addCheckedInMembers(t, f, 1, [f.org.endpoints.a1], { checkedInAt: started });
    // Checked in at the start and out 1 ms later: a check-in, not attendance.
    [briefly] = await addCheckedInMembers(t, f, 1, [f.org.endpoints.a1], {
      checkedInAt: started,
      checkedOutAt: new Date(Date.parse(started) + 1).toISOString(),
    });
    await createQuestion(t, f, { type: 'single', prompt: 'Câu 1', options: ['a', 'b'], correct: [0], timeLimitS: 30 });
    await createQuestion(t, f, {
      type: 'short',
      prompt: 'Câu 2',
      accepted: ['Đổi mới'],
      timeLimitS: 30,
      explanation: 'Đổi mới từ 1986.',
    });
  });
  afterAll(async () => t?.close());

  it('is closed while the session is live', async () => {
    const [first] = (await api<Array<{ id: string }>>(t, 'GET', `${base()}/questions`, undefined, f.hostToken)).body;
    openRunId = (
      await quizDomain(t.app.ctx).live.launch({ subject: f.org.host.id, role: 'host' }, f.sessionId, first!.id)
    ).runId;
    const status = await api<MakeupStatus>(t, 'GET', `${base()}/makeup`, undefined, missed!.token);
    expect(status.body).toMatchObject({ eligible: false, reason: 'not_ended' });
    expect((await api(t, 'POST', `${base()}/makeup/attempts`, undefined, missed!.token)).status).toBe(409);
  });

  it('lets a member who missed it answer self-paced, exactly once per question, within the attempt limit', async () => {
    await sessionService(t.app.ctx).end({ subject: f.org.host.id, role: 'host' }, f.sessionId);
    // The question still open when the session ended closed with it.
    const run = await t.app.db
      .selectFrom('quiz_runs')
      .select('closed_ms')
      .where('id', '=', openRunId)
      .executeTakeFirstOrThrow();
    expect(run.closed_ms).not.toBeNull();
    await expect(
      quizDomain(t.app.ctx).live.answer(attended!.id, f.sessionId, openRunId, { choice: [0] }),
    ).rejects.toMatchObject({ code: 'DEADLINE_PASSED' });
    const settings = await api(t, 'PUT', `${base()}/settings`, { makeupMaxAttempts: 1 }, f.hostToken);
    expect(settings.body).toMatchObject({ makeupMaxAttempts: 1, makeupEnabled: true });
    expect((await api<MakeupStatus>(t, 'GET', `${base()}/makeup`, undefined, missed!.token)).body).toMatchObject({
      eligible: true,
      maxAttempts: 1,
      attempts: [],
    });

    const attempt = (await api<MakeupAttempt>(t, 'POST', `${base()}/makeup/attempts`, undefined, missed!.token)).body;
    expect(attempt.questions.map((q) => q.prompt)).toEqual(['Câu 1', 'Câu 2']);
    expect(attempt.questions[0]).not.toHaveProperty('correct');
    // Starting again resumes the unfinished attempt.
    expect((await api<MakeupAttempt>(t, 'POST', `${base()}/makeup/attempts`, undefined, missed!.token)).body.id).toBe(
      attempt.id,
    );

    const answerUrl = `/quiz/makeup/attempts/${attempt.id}/answers`;
    const q1 = attempt.questions[0]!.id;
    const q2 = attempt.questions[1]!.id;
    const first = await api<AnswerResult>(
      t,
      'POST',
      answerUrl,
      { questionId: q1, answer: { choice: [1] } },
      missed!.token,
    );
    // Nothing is revealed while the attempt runs (the member could learn the answers for another one).
    expect(first.body).toMatchObject({
      revealed: false,
      correct: null,
      points: null,
      correctChoice: [],
      explanation: '',
    });
    expect(
      (await api<AnswerResult>(t, 'POST', answerUrl, { questionId: q1, answer: { choice: [0] } }, missed!.token)).body,
    ).toEqual(first.body);
    const short = await api<AnswerResult>(
      t,
      'POST',
      answerUrl,
      { questionId: q2, answer: { text: 'doi moi' } },
      missed!.token,
    );
    expect(short.body).toMatchObject({ revealed: false, correct: null, points: null });
    expect((await api(t, 'POST', answerUrl, { questionId: q2, answer: { choice: 'x' } }, missed!.token)).status).toBe(
      400,
    );
    expect((await api(t, 'POST', answerUrl, { questionId: q1, answer: { choice: [0] } }, attended!.token)).status).toBe(
      403,
    );

    const done = await api<MakeupResult>(
      t,
      'POST',
      `/quiz/makeup/attempts/${attempt.id}/finish`,
      undefined,
      missed!.token,
    );
    expect(done.body).toMatchObject({ correct: 1, total: 2, score: 1000, number: 1 });
    // The last attempt is over: now the answers are shown.
    const reviewed = await api<MakeupAttempt>(
      t,
      'GET',
      `/quiz/makeup/attempts/${attempt.id}`,
      undefined,
      missed!.token,
    );
    expect(reviewed.body.results).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ questionId: q1, revealed: true, correct: false, points: 0, correctChoice: [0] }),
        expect.objectContaining({ questionId: q2, revealed: true, correct: true, explanation: 'Đổi mới từ 1986.' }),
      ]),
    );
    expect((await api<MakeupStatus>(t, 'GET', `${base()}/makeup`, undefined, missed!.token)).body).toMatchObject({
      eligible: false,
      reason: 'no_attempts_left',
    });
    expect((await api(t, 'POST', `${base()}/makeup/attempts`, undefined, missed!.token)).status).toBe(409);

    // Kept apart from the live results.
    const board = await api<{ memberCount: number }>(t, 'GET', `${base()}/leaderboard`, undefined, f.hostToken);
    expect(board.body.memberCount).toBe(0);
    const results = await api<MakeupResult[]>(t, 'GET', `${base()}/makeup/results`, undefined, f.hostToken);
    expect(results.body.map((r) => [r.memberId, r.score])).toEqual([[missed!.id, 1000]]);

    // The make-up record is evidence: the member who never checked in cannot be deleted with it.
    const adminToken = await loginToken(t, '/auth/login', {
      username: f.org.admin.username,
      password: f.org.admin.password,
    });
    const removed = await api<{ error: { code: string } }>(
      t,
      'DELETE',
      `/org/members/${missed!.id}`,
      undefined,
      adminToken,
    );
    expect(removed.status).toBe(409);
    expect(removed.body.error.code).toBe('CONFLICT');
    const kept = await api<MakeupResult[]>(t, 'GET', `${base()}/makeup/results`, undefined, f.hostToken);
    expect(kept.body.map((r) => r.memberId)).toEqual([missed!.id]);
  });

  it('counts attendance by the session rule: a member checked in for a moment may take it', async () => {
    expect((await api<MakeupStatus>(t, 'GET', `${base()}/makeup`, undefined, briefly!.token)).body).toMatchObject({
      eligible: true,
      reason: null,
    });
  });

  it('refuses members who attended unless the host allows them', async () => {
    expect((await api<MakeupStatus>(t, 'GET', `${base()}/makeup`, undefined, attended!.token)).body).toMatchObject({
      eligible: false,
      reason: 'attended',
    });
    expect((await api(t, 'POST', `${base()}/makeup/attempts`, undefined, attended!.token)).status).toBe(403);
    expect(
      (await api(t, 'POST', `${base()}/makeup/allow`, { memberIds: [attended!.id] }, f.otherHostToken)).status,
    ).toBe(403);
    expect((await api(t, 'POST', `${base()}/makeup/allow`, { memberIds: [attended!.id] }, f.hostToken)).status).toBe(
      200,
    );
    expect((await api<MakeupStatus>(t, 'GET', `${base()}/makeup`, undefined, attended!.token)).body).toMatchObject({
      eligible: true,
    });
    expect((await api(t, 'POST', `${base()}/makeup/attempts`, undefined, attended!.token)).status).toBe(201);
    expect((await api(t, 'GET', `${base()}/makeup`, undefined, f.hostToken)).status).toBe(403);
  });
});
