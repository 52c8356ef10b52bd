import { describe, expect, it } from 'vitest';
import type { Answer, StoredAnswer } from '@diem-cau/shared';
import { RequestError } from '../../../lib/socket';
import { AnswerOutbox, type OutboxStorage } from './answerOutbox';

function memoryStorage(): OutboxStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

const stored = (runId: string, answer: Answer): StoredAnswer => ({
  runId,
  answer,
  answeredAt: 1,
  elapsedMs: 1,
  correct: null,
  points: null,
});

describe('AnswerOutbox', () => {
  const entry = { runId: 'r1', answer: { choice: [1] }, deadline: 10_000 };

  it('keeps an unacknowledged answer and resends it after a reconnect, then forgets it', async () => {
    const storage = memoryStorage();
    const outbox = new AnswerOutbox(storage, 'member-1');
    const offline = async () => {
      throw new RequestError('UNAVAILABLE', 'No answer to quiz:answer');
    };
    await expect(outbox.send(entry, offline)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(outbox.pending()).toEqual([entry]);
    // A reloaded page reads the same storage.
    const again = new AnswerOutbox(storage, 'member-1');
    const sent: string[] = [];
    const result = await again.resend(async (runId, answer) => (sent.push(runId), stored(runId, answer)), 5_000);
    expect(sent).toEqual(['r1']);
    expect(result).toEqual([stored('r1', { choice: [1] })]);
    expect(again.pending()).toEqual([]);
  });

  it('sends again on the same connection while the server answers UNAVAILABLE, until stored or past the deadline', async () => {
    const outbox = new AnswerOutbox(memoryStorage(), 'member-1');
    let now = 1_000;
    const waits: number[] = [];
    const clock = { serverNow: () => now, wait: async (ms: number) => void (waits.push(ms), (now += ms)) };
    let calls = 0;
    const flaky = async (runId: string, answer: Answer) => {
      if (++calls < 3) throw new RequestError('UNAVAILABLE', 'The data store is busy');
      return stored(runId, answer);
    };
    expect(await outbox.send(entry, flaky, clock)).toEqual(stored('r1', { choice: [1] }));
    expect(calls).toBe(3);
    expect(waits).toEqual([2_000, 2_000]);
    expect(outbox.pending()).toEqual([]);

    // Still refused past the deadline (and its grace): it gives up and keeps the answer for a reconnect.
    const down = async () => {
      throw new RequestError('UNAVAILABLE', 'down');
    };
    await expect(outbox.send(entry, down, clock)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(now).toBeGreaterThan(entry.deadline + 5_000);
    expect(outbox.pending()).toEqual([entry]);
  });

  it('drops an answer the server refused for good, and one whose deadline has long passed', async () => {
    const outbox = new AnswerOutbox(memoryStorage(), 'member-1');
    const late = async () => {
      throw new RequestError('DEADLINE_PASSED', 'The question is closed');
    };
    await expect(outbox.send(entry, late)).rejects.toMatchObject({ code: 'DEADLINE_PASSED' });
    expect(outbox.pending()).toEqual([]);

    const offline = async () => {
      throw new RequestError('UNAVAILABLE', 'down');
    };
    await expect(outbox.send(entry, offline)).rejects.toBeInstanceOf(RequestError);
    const sent: string[] = [];
    expect(await outbox.resend(async (runId, a) => (sent.push(runId), stored(runId, a)), 60_000)).toEqual([]);
    expect(sent).toEqual([]);
    expect(outbox.pending()).toEqual([]);
  });

  it('keeps members apart on a shared phone', async () => {
    const storage = memoryStorage();
    const offline = async () => {
      throw new RequestError('UNAVAILABLE', 'down');
    };
    await new AnswerOutbox(storage, 'member-1').send(entry, offline).catch(() => undefined);
    expect(new AnswerOutbox(storage, 'member-2').pending()).toEqual([]);
    expect(new AnswerOutbox(storage, 'member-1').pending()).toHaveLength(1);
  });
});
