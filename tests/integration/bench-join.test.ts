import { describe, expect, it } from 'vitest';
import { runJoin } from '../../bench/join/runJoin.js';

/** Smoke test of `npm run bench:join`: two endpoints in Chromium; the timings are ordered, not fast. */
describe('bench: join to first media', () => {
  it('endpoints join through the real signaling and their timings are consistent', { timeout: 180_000 }, async () => {
    const result = await runJoin({ endpoints: 2, windowMs: 200, perPage: 2, workers: 2, endpointTimeoutMs: 45_000 });
    expect(result.succeeded + result.failed).toBe(2);
    expect(result.succeeded).toBe(2);
    for (const t of result.timings) {
      expect(t.ok).toBe(true);
      expect(t.connectedMs!).toBeLessThanOrEqual(t.joinedMs!);
      expect(t.joinedMs!).toBeLessThanOrEqual(t.consumingMs!);
      expect(t.joinedMs!).toBeLessThanOrEqual(t.firstMediaMs!);
      expect(t.firstMediaMs!).toBeLessThanOrEqual(t.firstVideoMs!);
    }
    expect(result.joinToFirstMediaMs.count).toBe(2);
  });
});
