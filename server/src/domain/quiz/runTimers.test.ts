import type { Question } from '@diem-cau/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../logging/logger.js';
import type { ClusterTimers, TimerKind } from '../../redis/clusterTimers.js';
import { newRun, type RunState } from './runState.js';
import { AUTO_CLOSE_DELAY_MS, DISTRIBUTION_PUSH_MS, RunTimers, type RunTimerActions } from './runTimers.js';

const T0 = Date.parse('2026-03-10T10:00:00Z');
const question = { id: 'q1', timeLimitS: 10 } as Question;

type Payload = { sessionId: string; runId: string };

/**
 * The cluster timers as RunTimers sees them: what is armed, and the handler to fire by hand (the
 * firing itself, once across nodes, is ClusterTimers' and tested there and in the cluster tests).
 */
function clusterTimers() {
  const armed = new Map<string, { dueMs: number; payload: Payload }>();
  let handler: (p: Payload) => Promise<void> = async () => undefined;
  const timers: Pick<ClusterTimers, 'define'> = {
    define: <P extends object>(_name: string, h: (p: P) => Promise<void>): TimerKind<P> => {
      handler = h as unknown as typeof handler;
      return {
        schedule: async (key, dueMs, payload) => void armed.set(key, { dueMs, payload: payload as unknown as Payload }),
        cancel: async (key) => void armed.delete(key),
        dueAt: async (key) => armed.get(key)?.dueMs ?? null,
      };
    },
  };
  /** Fires the run's timer as a node would when it is due: it is taken off first. */
  const fire = async (runId: string): Promise<void> => {
    const entry = armed.get(runId);
    if (!entry) throw new Error(`${runId} is not armed`);
    armed.delete(runId);
    await handler(entry.payload);
  };
  return { timers, armed, fire };
}

describe('RunTimers', () => {
  let stored: Map<string, RunState>;
  let actions: { [K in keyof RunTimerActions]: ReturnType<typeof vi.fn<RunTimerActions[K]>> };
  let log: ReturnType<typeof createLogger>;
  let cluster: ReturnType<typeof clusterTimers>;
  let timers: RunTimers;

  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
    stored = new Map();
    actions = {
      reload: vi.fn(async (_sessionId: string, runId: string) => {
        const run = stored.get(runId);
        return run && { ...run };
      }),
      closeAtDeadline: vi.fn(async () => {}),
      pushDistribution: vi.fn(async () => {}),
    };
    log = createLogger('silent');
    cluster = clusterTimers();
    timers = new RunTimers(actions, cluster.timers, log);
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

  it('arms the run’s auto-close just after its deadline; fired, it closes the run', async () => {
    const run = open('r1');
    await timers.armDeadline(run);
    expect(await timers.armedAt('r1')).toBe(T0 + 10_000 + AUTO_CLOSE_DELAY_MS);
    vi.setSystemTime(T0 + 10_000 + AUTO_CLOSE_DELAY_MS);
    await cluster.fire('r1');
    expect(actions.reload).toHaveBeenCalledWith('s1', 'r1');
    expect(actions.closeAtDeadline).toHaveBeenCalledWith(expect.objectContaining({ id: 'r1' }));
    expect(await timers.armedAt('r1')).toBeNull();
  });

  it('re-arms when another node extended the run meanwhile', async () => {
    const run = open('r1');
    await timers.armDeadline(run);
    stored.set('r1', { ...run, deadlineMs: T0 + 20_000 });
    vi.setSystemTime(T0 + 10_000 + AUTO_CLOSE_DELAY_MS);
    await cluster.fire('r1');
    expect(actions.closeAtDeadline).not.toHaveBeenCalled();
    expect(await timers.armedAt('r1')).toBe(T0 + 20_000 + AUTO_CLOSE_DELAY_MS);
    vi.setSystemTime(T0 + 20_000 + AUTO_CLOSE_DELAY_MS);
    await cluster.fire('r1');
    expect(actions.closeAtDeadline).toHaveBeenCalledTimes(1);
  });

  it('does nothing when the run was closed or deleted meanwhile; a disarmed run has no timer', async () => {
    const closed = open('r1');
    stored.set('r1', { ...closed, closedMs: T0 + 1_000 });
    await timers.armDeadline(closed);
    await timers.armDeadline(open('r2'));
    await timers.disarmDeadline('r2');
    await timers.armDeadline(open('r3'));
    stored.delete('r3');
    vi.setSystemTime(T0 + 60_000);
    await cluster.fire('r1');
    await cluster.fire('r3');
    expect(await timers.armedAt('r2')).toBeNull();
    expect(actions.closeAtDeadline).not.toHaveBeenCalled();
    expect(cluster.armed.size).toBe(0);
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

  it('stop clears the distribution throttle', async () => {
    timers.answersChanged('r1');
    timers.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(actions.pushDistribution).not.toHaveBeenCalled();
  });
});
