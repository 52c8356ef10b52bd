import { describe, expect, it } from 'vitest';
import { DEADLINE_GRACE_MS, answerWindow, extendedDeadline } from './deadline.js';

describe('answer deadline', () => {
  const run = { deadlineMs: 10_000, closedMs: null };

  it('takes answers up to the deadline plus transit grace, refuses later ones', () => {
    expect(answerWindow(run, 5_000)).toBe('open');
    expect(answerWindow(run, 10_000)).toBe('open');
    expect(answerWindow(run, 10_000 + DEADLINE_GRACE_MS)).toBe('open');
    expect(answerWindow(run, 10_001 + DEADLINE_GRACE_MS)).toBe('late');
  });

  it('refuses answers once the host closed the question, whatever the deadline', () => {
    expect(answerWindow({ deadlineMs: 10_000, closedMs: 4_000 }, 3_999)).toBe('open');
    expect(answerWindow({ deadlineMs: 10_000, closedMs: 4_000 }, 4_000)).toBe('closed');
  });

  it('extends from the deadline, or from now when it already passed', () => {
    expect(extendedDeadline(run, 5_000, 15)).toBe(25_000);
    expect(extendedDeadline(run, 12_000, 15)).toBe(27_000);
  });
});
