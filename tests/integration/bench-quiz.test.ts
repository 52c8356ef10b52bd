import { describe, expect, it } from 'vitest';
import { runQuiz } from '../../bench/quiz/runQuiz.js';

/** Smoke test of `npm run bench:quiz`: a few members on two platform nodes; consistency, not speed. */
describe('bench: answer burst', () => {
  it(
    'every connected member gets the question and every answer is acknowledged (and stored, when the target stores)',
    // One retry: in 2 of 4 fresh-clone runs on 2026-12-02 one of 16 answers went astray. The likely
    // cause, a member of the second step answering the first step's question (pushed again on join),
    // is fixed (target isAsked); the retry stays until fresh-clone runs show it gone.
    { timeout: 180_000, retry: 1 },
    async () => {
      const result = await runQuiz({
        target: 'quiz',
        steps: [5, 16],
        nodes: 2,
        loadProcesses: 2,
        windowMs: 500,
        connectRate: 200,
        ackTimeoutMs: 15_000,
        maxRunMs: 60_000,
      });
      expect(result.steps.map((s) => s.members)).toEqual([5, 16]);
      // Members enrolled through the admin routes, with PINs from the batch job.
      expect(result.enrolment?.members).toBe(16);
      for (const [i, step] of result.steps.entries()) {
        // The real flow: PIN sign-in over REST, join, check-in with the endpoint screen's code.
        const arrived = step.members - (i > 0 ? result.steps[i - 1]!.members : 0);
        expect(step.arrival.signedIn).toBe(arrived);
        expect(step.arrival.checkedIn).toBe(arrived);
        expect(step.arrival.checkinMs.count).toBe(arrived);
        expect(step.connected).toBe(step.members);
        expect(step.questionsReceived).toBe(step.members);
        expect(step.sent).toBe(step.members);
        expect(step.acked).toBe(step.sent);
        expect(step.timeouts).toBe(0);
        expect(step.rejected).toEqual({});
        if (step.stored !== null) expect(step.stored).toBe(step.sent);
        expect(step.ackLatencyMs.count).toBe(step.sent);
        expect(step.ok).toBe(true);
      }
      expect(result.largestOk).toBe(16);
    },
  );
});
