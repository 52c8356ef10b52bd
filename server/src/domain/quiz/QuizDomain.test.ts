import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QuizDomain } from './QuizDomain.js';
import { quizWorld, type QuizWorld } from './quizWorld.test-data.js';
import { AuditLog } from '../audit/index.js';

describe('QuizDomain.stateFor (what quiz:state answers each role)', () => {
  let w: QuizWorld;
  let quiz: QuizDomain;

  beforeEach(async () => {
    w = await quizWorld();
    quiz = new QuizDomain(w.ctx, w.sessions, new AuditLog(w.db));
  });

  afterEach(async () => {
    await quiz.stop();
    await w.close();
  });

  const member = () => ({ subject: w.memberId, role: 'member' as const, sessionId: w.sessionId });
  const endpoint = () => ({ subject: w.endpointId, role: 'endpoint' as const, sessionId: w.sessionId });

  it('is empty before any question', async () => {
    expect(await quiz.stateFor(member(), w.sessionId)).toEqual({
      run: null,
      reveal: null,
      mine: null,
      total: null,
      leaderboard: null,
    });
    expect((await quiz.stateFor(w.host, w.sessionId)).leaderboard).toMatchObject({ sessionId: w.sessionId });
  });

  it('gives each role its own answer, the reveal once made, and the leaderboard as shown', async () => {
    const run = await quiz.live.launch(w.host, w.sessionId, w.question.id);
    await quiz.live.answer(w.memberId, w.sessionId, run.runId, { choice: [1] });
    await quiz.live.teamAnswer(w.endpointId, w.sessionId, run.runId, { choice: [0] });

    const before = await quiz.stateFor(member(), w.sessionId);
    expect(before).toMatchObject({ run: { runId: run.runId }, reveal: null, mine: { answer: { choice: [1] } } });
    expect(before.total).toBeNull();
    expect(await quiz.stateFor(endpoint(), w.sessionId)).toMatchObject({
      mine: { answer: { choice: [0] } },
      total: null,
      leaderboard: null, // hidden from endpoint screens until the host shows it
    });
    expect(await quiz.stateFor(w.host, w.sessionId)).toMatchObject({ mine: null, total: null });

    await quiz.live.reveal(w.host, w.sessionId, run.runId);
    const after = await quiz.stateFor(member(), w.sessionId);
    expect(after).toMatchObject({ run: { revealed: true }, reveal: { correctChoice: [1] }, mine: { correct: true } });
    expect(after.total).toBeGreaterThan(0);
    expect(after.leaderboard).toBeNull();

    await quiz.updateSettings(w.host, w.sessionId, { showLeaderboardOnEndpoints: true });
    expect((await quiz.stateFor(endpoint(), w.sessionId)).leaderboard?.members).toHaveLength(1);
    expect(w.live.pushes.filter((p) => p.event === 'quiz:leaderboard').at(-1)).toMatchObject({
      to: { session: w.sessionId, role: 'endpoint' },
      payload: { leaderboard: { sessionId: w.sessionId } },
    });
  });

  it('keeps settings and leaderboards to the session host or an admin', async () => {
    await expect(quiz.settings(w.otherHost, w.sessionId)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(quiz.leaderboardFor(w.otherHost, w.sessionId)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await quiz.settings(w.host, w.sessionId)).toEqual({
      showLeaderboardOnEndpoints: false,
      makeupEnabled: true,
      makeupMaxAttempts: 2,
    });
  });
});
