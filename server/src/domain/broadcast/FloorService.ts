import type { Redis } from 'ioredis';
import type { FloorState } from '@diem-cau/shared';
import type { LuaScript } from '../../redis/luaScript.js';
import { broadcastErrors } from './errors.js';
import { floorScripts } from './floorScripts.js';

/** A session's floor outlives its last change by this long at most (it is deleted when the session ends). */
const FLOOR_TTL_SECONDS = 2 * 24 * 3600;

/** Effects of a floor change on the media plane, applied by the broadcast domain. */
export interface FloorMedia {
  /** Close every producer the endpoint publishes in the session. */
  stopPublishing(sessionId: string, endpointId: string): void;
  /** Pause or resume the endpoint's microphone. */
  setMuted(sessionId: string, endpointId: string, muted: boolean): Promise<void>;
  /** Tell the session everyone's new floor state. */
  publish(sessionId: string, state: FloorState): void;
}

interface Reply {
  result: string;
  previous: string | null;
  state: FloorState;
}

/**
 * The floor of each live session: raised hands in request order and at most one holder. Only the
 * host grants; a second grant replaces the first and stops the previous holder's media. Kept in
 * Redis (floorScripts.ts), so every node sees and changes the same floor, atomically.
 */
export class FloorService {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #media: FloorMedia;

  constructor(options: { redis: Redis; redisPrefix: string; media: FloorMedia }) {
    this.#redis = options.redis;
    this.#prefix = `${options.redisPrefix}:floor`;
    this.#media = options.media;
  }

  async state(sessionId: string): Promise<FloorState> {
    return (await this.#run(floorScripts.state, sessionId)).state;
  }

  /** True when the endpoint may publish now. */
  async holds(sessionId: string, endpointId: string): Promise<boolean> {
    return (await this.state(sessionId)).holder?.endpointId === endpointId;
  }

  /** Whether the endpoint holds the floor muted now (read from Redis: a mute may come from any node). */
  async isMuted(sessionId: string, endpointId: string): Promise<boolean> {
    const { holder } = await this.state(sessionId);
    return holder?.endpointId === endpointId && holder.muted;
  }

  async raiseHand(sessionId: string, endpointId: string, name: string): Promise<FloorState> {
    const reply = await this.#run(floorScripts.raise, sessionId, endpointId, name, Date.now());
    if (reply.result === 'holds') throw broadcastErrors.alreadyHoldsFloor();
    return this.#changed(sessionId, reply.state);
  }

  lowerHand(sessionId: string, endpointId: string): Promise<FloorState> {
    return this.#lower(sessionId, endpointId, true);
  }

  /** Lowers the endpoint's hand if it is raised (a grace timer): nothing is pushed otherwise. */
  lowerHandIfRaised(sessionId: string, endpointId: string): Promise<FloorState> {
    return this.#lower(sessionId, endpointId, false);
  }

  async grant(sessionId: string, endpointId: string, name: string): Promise<FloorState> {
    const reply = await this.#run(floorScripts.grant, sessionId, endpointId, name, Date.now());
    if (reply.result === 'unchanged') return reply.state;
    if (reply.previous) this.#media.stopPublishing(sessionId, reply.previous);
    return this.#changed(sessionId, reply.state);
  }

  async revoke(sessionId: string): Promise<FloorState> {
    const reply = await this.#run(floorScripts.revoke, sessionId);
    if (reply.previous) this.#media.stopPublishing(sessionId, reply.previous);
    return this.#changed(sessionId, reply.state);
  }

  async mute(sessionId: string, muted: boolean): Promise<FloorState> {
    const reply = await this.#run(floorScripts.mute, sessionId, muted ? '1' : '0');
    if (reply.result === 'nobody' || !reply.previous) throw broadcastErrors.nobodyHoldsFloor();
    await this.#media.setMuted(sessionId, reply.previous, muted);
    return this.#changed(sessionId, reply.state);
  }

  /** The session ended: its floor is gone. */
  async clear(sessionId: string): Promise<void> {
    await this.#redis.del(...this.#keys(sessionId));
  }

  async #lower(sessionId: string, endpointId: string, always: boolean): Promise<FloorState> {
    const reply = await this.#run(floorScripts.lower, sessionId, endpointId);
    return always || reply.result === 'ok' ? this.#changed(sessionId, reply.state) : reply.state;
  }

  #keys(sessionId: string): [string, string, string] {
    const base = `${this.#prefix}:${sessionId}`;
    return [`${base}:holder`, `${base}:queue`, `${base}:names`];
  }

  async #run(script: LuaScript, sessionId: string, ...args: (string | number)[]): Promise<Reply> {
    const raw = (await script.run(this.#redis, this.#keys(sessionId), [FLOOR_TTL_SECONDS, ...args])) as string[];
    const [result = '', previous = '', holderId = '', name = '', grantedAt = '', muted = ''] = raw;
    const queue: FloorState['queue'] = [];
    for (let i = 6; i + 2 < raw.length; i += 3)
      queue.push({ endpointId: raw[i]!, raisedAt: Number(raw[i + 1]), name: raw[i + 2]! });
    const holder = holderId ? { endpointId: holderId, name, grantedAt: Number(grantedAt), muted: muted === '1' } : null;
    return { result, previous: previous || null, state: { queue, holder } };
  }

  #changed(sessionId: string, state: FloorState): FloorState {
    this.#media.publish(sessionId, state);
    return state;
  }
}
