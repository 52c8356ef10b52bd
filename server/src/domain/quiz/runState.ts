import type { LiveRun, Question, Reveal } from '@diem-cau/shared';
import type { RunTimes } from './deadline.js';

/** A run as kept in memory: the question as launched, and its times (epoch ms). */
export interface RunState {
  id: string;
  sessionId: string;
  question: Question;
  startedMs: number;
  deadlineMs: number;
  closedMs: number | null;
  revealedMs: number | null;
  /** Once revealed no answer can change, so the reveal is computed once and served to every screen. */
  revealCache?: Reveal;
}

/** A run's times as the store holds them now (any node may have closed, extended or revealed it). */
export type StoredRunTimes = RunTimes & { revealedMs: number | null };

/** A new run of `question`, open from `nowMs` for its time limit. */
export function newRun(id: string, sessionId: string, question: Question, nowMs: number): RunState {
  return {
    id,
    sessionId,
    question,
    startedMs: nowMs,
    deadlineMs: nowMs + question.timeLimitS * 1000,
    closedMs: null,
    revealedMs: null,
  };
}

/**
 * Takes the stored times into a kept run: deadline and close as stored (another node may have
 * extended or closed it); a reveal, once seen, is never undone.
 */
export function applyTimes(run: RunState, times: StoredRunTimes): void {
  run.deadlineMs = times.deadlineMs;
  run.closedMs = times.closedMs;
  if (run.revealedMs === null) run.revealedMs = times.revealedMs;
}

/** What every screen and phone is told about a run (the question without its answer). */
export function liveRun(run: RunState, nowMs = Date.now()): LiveRun {
  const q = run.question;
  return {
    runId: run.id,
    sessionId: run.sessionId,
    question: {
      id: q.id,
      position: q.position,
      type: q.type,
      prompt: q.prompt,
      options: q.options,
      timeLimitS: q.timeLimitS,
    },
    startedAt: run.startedMs,
    deadline: run.deadlineMs,
    closedAt: run.closedMs,
    revealed: run.revealedMs !== null,
    serverNow: nowMs,
  };
}

/** The reveal of a run, given the distribution of its answers. */
export function revealOf(run: RunState, distribution: Reveal['distribution']): Reveal {
  return {
    runId: run.id,
    type: run.question.type,
    correctChoice: run.question.correct,
    accepted: run.question.accepted,
    explanation: run.question.explanation,
    distribution,
  };
}
