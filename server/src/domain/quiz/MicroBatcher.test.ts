import { describe, expect, it } from 'vitest';
import { MicroBatcher } from './MicroBatcher.js';

describe('MicroBatcher', () => {
  it('groups items that arrive together into one flush and answers each with its own result', async () => {
    const batches: number[][] = [];
    const batcher = new MicroBatcher<number, number>(async (items) => {
      batches.push(items);
      return items.map((i) => (i === 3 ? new Error('three') : i * 10));
    });
    const results = await Promise.allSettled([1, 2, 3, 4].map((i) => batcher.submit(i)));
    expect(batches).toEqual([[1, 2, 3, 4]]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      10,
      20,
      'three',
      40,
    ]);
  });

  it('caps a batch at maxItems and flushes the rest after', async () => {
    const batches: number[][] = [];
    const batcher = new MicroBatcher<number, number>(
      async (items) => {
        batches.push(items);
        return items;
      },
      { maxItems: 3 },
    );
    await Promise.all([1, 2, 3, 4, 5, 6, 7].map((i) => batcher.submit(i)));
    expect(batches.flat()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(3);
  });

  it('rejects the whole batch when the flush throws, and keeps working', async () => {
    let fail = true;
    const batcher = new MicroBatcher<number, number>(async (items) => {
      if (fail) throw new Error('store down');
      return items;
    });
    await expect(batcher.submit(1)).rejects.toThrow('store down');
    fail = false;
    await expect(batcher.submit(2)).resolves.toBe(2);
    await batcher.drain();
  });

  it('isolates a failing item: the rest of its batch is stored and answered', async () => {
    const calls: number[][] = [];
    const batcher = new MicroBatcher<number, number>(async (items) => {
      calls.push(items);
      if (items.includes(13)) throw new Error('constraint failed');
      return items.map((i) => i * 10);
    });
    const results = await Promise.allSettled([11, 12, 13, 14].map((i) => batcher.submit(i)));
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : 'rejected'))).toEqual([110, 120, 'rejected', 140]);
    expect(calls[0]).toEqual([11, 12, 13, 14]); // one batch first, then item by item
    await batcher.drain();
  });

  it('rejects the whole batch at once when the failure is shared by every item (the store locked)', async () => {
    const calls: number[][] = [];
    let locked = true;
    const busy = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    const batcher = new MicroBatcher<number, number>(
      async (items) => {
        calls.push(items);
        if (locked) throw busy;
        return items;
      },
      { sharedFailure: (error) => (error as { code?: string }).code === 'SQLITE_BUSY' },
    );
    const results = await Promise.allSettled([1, 2, 3].map((i) => batcher.submit(i)));
    expect(results.every((r) => r.status === 'rejected' && r.reason === busy)).toBe(true);
    expect(calls).toEqual([[1, 2, 3]]); // no retry item by item
    locked = false;
    await expect(Promise.all([1, 2, 3].map((i) => batcher.submit(i)))).resolves.toEqual([1, 2, 3]);
  });
});
