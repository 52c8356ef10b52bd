import type { Question } from '@diem-cau/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../logging/logger.js';
import { newRun, type RunState } from './runState.js';
import { AUTO_CLOSE_DELAY_MS, DISTRIBUTION_PUSH_MS, RunTimers, type RunTimerActions } from './runTimers.js';

const T0 = Date.parse('2026-03-10T10:00:00Z');
const question = { id: 'q1', timeLimitS: 10 } as Question;

describe('RunTimers', () => {
  let stored: Map<string, RunState>;
  let actions: { [K in keyof RunTimerActions]: ReturnType<typeof vi.fn<RunTimerActions[K]>> };
  let log: ReturnType<typeof createLogger>;
  let timers: RunTimers;

  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
    stored = new Map();
    actions = {
      reload: vi.fn(async (run: RunState) => ({ ...(stored.get(run.id) ?? run) })),
      closeAtDeadline: vi.fn(async () => {}),
      pushDistribution: vi.fn(async () => {}),
    };
    log = createLogger('silent');
    timers = new RunTimers(actions, log);
  });

  afterEach(() => {
    timers.stop();
    vi.useRealTimers();
  });

  const open = (id: string): RunState => {
    const run = newRun(id, 's1', question, Date.now());
    stored.set(id, run);
    return run;
  };

  it('closes a run by itself just after its deadline', async () => {
    const run = open('r1');
    timers.armDeadline(run);
    expect(timers.isArmed('r1')).toBe(true);
    await vi.advanceTimersByTimeAsync(10_000 + AUTO_CLOSE_DELAY_MS - 1);
    expect(actions.reload).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(actions.reload).toHaveBeenCalledTimes(1);
    expect(actions.closeAtDeadline).toHaveBeenCalledWith(expect.objectContaining({ id: 'r1' }));
    expect(timers.isArmed('r1')).toBe(false);
  });

  it('re-arms when another node extended the run meanwhile', async () => {
    const run = open('r1');
    timers.armDeadline(run);
    stored.set('r1', { ...run, deadlineMs: T0 + 20_000 });
    await vi.advanceTimersByTimeAsync(10_000 + AUTO_CLOSE_DELAY_MS);
    expect(actions.reload).toHaveBeenCalledTimes(1);
    expect(actions.closeAtDeadline).not.toHaveBeenCalled();
    expect(timers.isArmed('r1')).toBe(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(actions.closeAtDeadline).toHaveBeenCalledTimes(1);
  });

  it('does nothing when the run was closed meanwhile, or disarmed', async () => {
    const closed = open('r1');
    stored.set('r1', { ...closed, closedMs: T0 + 1_000 });
    timers.armDeadline(closed);
    timers.armDeadline(open('r2'));
    timers.disarmDeadline('r2');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(actions.reload).toHaveBeenCalledTimes(1);
    expect(actions.closeAtDeadline).not.toHaveBeenCalled();
  });

  it('arming again replaces the earlier timer', async () => {
    const run = open('r1');
    timers.armDeadline(run);
    timers.armDeadline(run);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(actions.reload).toHaveBeenCalledTimes(1);
  });

  it('logs a failed auto-close instead of throwing', async () => {
    const error = vi.spyOn(log, 'error');
    actions.reload.mockRejectedValueOnce(new Error('store down'));
    timers.armDeadline(open('r1'));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(error).toHaveBeenCalledWith(expect.objectContaining({ runId: 'r1' }), 'auto-close failed');
  });

  it('pushes each changed run’s distribution at most once per DISTRIBUTION_PUSH_MS', async () => {
    timers.answersChanged('r1');
    timers.answersChanged('r1');
    await vi.advanceTimersByTimeAsync(100);
    timers.answersChanged('r2');
    timers.answersChanged('r1');
    await vi.advanceTimersByTimeAsync(DISTRIBUTION_PUSH_MS - 101);
    expect(actions.pushDistribution).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(actions.pushDistribution.mock.calls).toEqual([['r1'], ['r2']]);

    timers.answersChanged('r1');
    await vi.advanceTimersByTimeAsync(DISTRIBUTION_PUSH_MS);
    expect(actions.pushDistribution).toHaveBeenCalledTimes(3);
  });

  it('logs a failed distribution push', async () => {
    const error = vi.spyOn(log, 'error');
    actions.pushDistribution.mockRejectedValueOnce(new Error('store down'));
    timers.answersChanged('r1');
    await vi.advanceTimersByTimeAsync(DISTRIBUTION_PUSH_MS);
    expect(error).toHaveBeenCalledWith(expect.objectContaining({ runId: 'r1' }), 'distribution push failed');
  });

  it('stop clears every timer', async () => {
    timers.armDeadline(open('r1'));
    timers.answersChanged('r1');
    timers.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(actions.reload).not.toHaveBeenCalled();
    expect(actions.pushDistribution).not.toHaveBeenCalled();
  });
});
