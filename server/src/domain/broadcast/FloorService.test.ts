import { Redis } from 'ioredis';
import type { FloorState } from '@diem-cau/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { FloorService, type FloorMedia } from './FloorService.js';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6390');
let sessions = 0;

/** One node's floor service on the shared Redis, recording the media effects it applied. */
function node(prefix: string) {
  const stopped: string[] = [];
  const pushed: FloorState[] = [];
  const media: FloorMedia = {
    stopPublishing: (_s, endpointId) => void stopped.push(endpointId),
    setMuted: async () => undefined,
    publish: (_s, state) => void pushed.push(state),
  };
  return { floor: new FloorService({ redis, redisPrefix: prefix, media }), stopped, pushed };
}

describe('FloorService: one floor per session in Redis, shared by the nodes', () => {
  afterAll(async () => redis.quit());
  const prefix = `test-floor-${process.pid}-${Date.now()}`;
  const session = () => `s${sessions++}`;

  it('a grant on one node and raises on another at the same moment lose nothing', async () => {
    const a = node(prefix);
    const b = node(prefix);
    const s = session();
    await a.floor.raiseHand(s, 'e0', 'Điểm cầu 0');
    const raises = Array.from({ length: 30 }, (_, i) => b.floor.raiseHand(s, `e${i + 1}`, `Điểm cầu ${i + 1}`));
    await Promise.all([a.floor.grant(s, 'e0', 'Điểm cầu 0'), ...raises]);
    const state = await b.floor.state(s);
    expect(state.holder).toMatchObject({ endpointId: 'e0', name: 'Điểm cầu 0', muted: false });
    expect(state.queue.map((h) => h.endpointId).sort()).toEqual(
      Array.from({ length: 30 }, (_, i) => `e${i + 1}`).sort(),
    );
  });

  it('keeps the order of raised hands and a hand raised twice in its place; the holder cannot raise', async () => {
    const a = node(prefix);
    const b = node(prefix);
    const s = session();
    await a.floor.raiseHand(s, 'x', 'X');
    await new Promise((r) => setTimeout(r, 5));
    await b.floor.raiseHand(s, 'y', 'Y');
    await a.floor.raiseHand(s, 'x', 'X');
    expect((await b.floor.state(s)).queue.map((h) => h.endpointId)).toEqual(['x', 'y']);
    await b.floor.grant(s, 'y', 'Y');
    await expect(a.floor.raiseHand(s, 'y', 'Y')).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('a second grant, on another node, stops the first holder’s media; a revoke stops the second’s', async () => {
    const a = node(prefix);
    const b = node(prefix);
    const s = session();
    await a.floor.grant(s, 'first', 'First');
    await b.floor.grant(s, 'second', 'Second');
    expect(b.stopped).toEqual(['first']);
    expect(await a.floor.holds(s, 'second')).toBe(true);
    await a.floor.revoke(s);
    expect(a.stopped).toEqual(['second']);
    expect((await b.floor.state(s)).holder).toBeNull();
  });

  it('mute is seen by every node; muting with nobody holding the floor is refused', async () => {
    const a = node(prefix);
    const b = node(prefix);
    const s = session();
    await expect(a.floor.mute(s, true)).rejects.toMatchObject({ code: 'CONFLICT' });
    await a.floor.grant(s, 'e', 'E');
    await a.floor.mute(s, true);
    expect(await b.floor.holds(s, 'e')).toBe(true);
    expect(await b.floor.isMuted(s, 'e')).toBe(true);
    await b.floor.clear(s);
    expect(await a.floor.state(s)).toEqual({ queue: [], holder: null });
  });

  it('a grace timer’s lowering pushes nothing when the hand is no longer raised', async () => {
    const a = node(prefix);
    const s = session();
    await a.floor.raiseHand(s, 'e', 'E');
    await a.floor.lowerHandIfRaised(s, 'e');
    await a.floor.lowerHandIfRaised(s, 'e');
    expect(a.pushed.map((p) => p.queue.length)).toEqual([1, 0]);
  });
});
