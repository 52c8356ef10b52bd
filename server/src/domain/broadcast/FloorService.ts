import type { FloorState } from '@diem-cau/shared';
import { broadcastErrors } from './errors.js';

interface SessionFloor {
  queue: FloorState['queue'];
  holder: FloorState['holder'];
}

/** Effects of a floor change on the media plane, applied by the broadcast domain. */
export interface FloorMedia {
  /** Close every producer the endpoint publishes in the session. */
  stopPublishing(sessionId: string, endpointId: string): void;
  /** Pause or resume the endpoint's microphone. */
  setMuted(sessionId: string, endpointId: string, muted: boolean): Promise<void>;
  /** Tell the session everyone's new floor state. */
  publish(sessionId: string, state: FloorState): void;
}

/**
 * The floor of each live session: raised hands in request order and at most one holder. Only the
 * host grants; a second grant replaces the first and stops the previous holder's media.
 */
export class FloorService {
  readonly #floors = new Map<string, SessionFloor>();
  readonly #media: FloorMedia;

  constructor(media: FloorMedia) {
    this.#media = media;
  }

  state(sessionId: string): FloorState {
    const floor = this.#floors.get(sessionId);
    return floor
      ? { queue: [...floor.queue], holder: floor.holder && { ...floor.holder } }
      : { queue: [], holder: null };
  }

  /** True when the endpoint may publish now. */
  holds(sessionId: string, endpointId: string): boolean {
    return this.#floors.get(sessionId)?.holder?.endpointId === endpointId;
  }

  isMuted(sessionId: string, endpointId: string): boolean {
    const holder = this.#floors.get(sessionId)?.holder;
    return holder?.endpointId === endpointId && holder.muted;
  }

  raiseHand(sessionId: string, endpointId: string, name: string): FloorState {
    const floor = this.#floor(sessionId);
    if (floor.holder?.endpointId === endpointId) throw broadcastErrors.alreadyHoldsFloor();
    if (!floor.queue.some((h) => h.endpointId === endpointId))
      floor.queue.push({ endpointId, name, raisedAt: Date.now() });
    return this.#changed(sessionId);
  }

  lowerHand(sessionId: string, endpointId: string): FloorState {
    const floor = this.#floor(sessionId);
    floor.queue = floor.queue.filter((h) => h.endpointId !== endpointId);
    return this.#changed(sessionId);
  }

  grant(sessionId: string, endpointId: string, name: string): FloorState {
    const floor = this.#floor(sessionId);
    const previous = floor.holder;
    if (previous?.endpointId === endpointId) return this.state(sessionId);
    floor.holder = { endpointId, name, grantedAt: Date.now(), muted: false };
    floor.queue = floor.queue.filter((h) => h.endpointId !== endpointId);
    if (previous) this.#media.stopPublishing(sessionId, previous.endpointId);
    return this.#changed(sessionId);
  }

  revoke(sessionId: string): FloorState {
    const floor = this.#floor(sessionId);
    const previous = floor.holder;
    floor.holder = null;
    if (previous) this.#media.stopPublishing(sessionId, previous.endpointId);
    return this.#changed(sessionId);
  }

  async mute(sessionId: string, muted: boolean): Promise<FloorState> {
    const holder = this.#floor(sessionId).holder;
    if (!holder) throw broadcastErrors.nobodyHoldsFloor();
    holder.muted = muted;
    await this.#media.setMuted(sessionId, holder.endpointId, muted);
    return this.#changed(sessionId);
  }

  clear(sessionId: string): void {
    this.#floors.delete(sessionId);
  }

  #floor(sessionId: string): SessionFloor {
    let floor = this.#floors.get(sessionId);
    if (!floor) this.#floors.set(sessionId, (floor = { queue: [], holder: null }));
    return floor;
  }

  #changed(sessionId: string): FloorState {
    const state = this.state(sessionId);
    this.#media.publish(sessionId, state);
    return state;
  }
}
