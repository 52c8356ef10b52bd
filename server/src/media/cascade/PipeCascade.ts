import { EventEmitter } from 'node:events';
import type { ProducerInfo } from '@diem-cau/shared';
import { AppError } from '../../errors/AppError.js';
import type { Logger } from '../../logging/logger.js';
import type { NodeBus } from '../../redis/nodeBus.js';
import type { NodeLease } from '../../redis/nodeLease.js';
import type { BroadcastRoom } from '../BroadcastRoom.js';
import type { MediasoupTypes } from '../mediasoup.js';
import { parse, type PipeLinkInfo } from './pipeEnds.js';
import { PipeIntake } from './PipeIntake.js';
import {
  PIPE,
  consumeRequest,
  linkClosedNotice,
  openRequest,
  producerClosedNotice,
  producerPausedNotice,
} from './pipeMessages.js';
import { PipeOutlet } from './PipeOutlet.js';
import type { ProducerDirectory } from './ProducerDirectory.js';

/** How often links to other nodes are checked against their leases. */
export const LINK_CHECK_MS = 2_000;

/** The rooms of this node, as the cascade needs them. */
export interface CascadeRooms {
  existing(sessionId: string): BroadcastRoom | undefined;
}

interface CascadeEvents {
  /**
   * A copy of another node's producer was lost here although that node still publishes it (this
   * node's pipe router went with its worker): the receivers here must consume it afresh.
   */
  copyLost: [sessionId: string, info: ProducerInfo];
}

/**
 * Media across hosts. The node where a producer is published (the host's, or the endpoint's that
 * holds the floor) is its origin; any other node whose receivers want it pipes it in over a pair of
 * mediasoup PipeTransports (SRTP and RTX on), set up with messages over Redis (the node bus). One link
 * per session and direction between two nodes carries every producer. Receivers always connect to the
 * node their signaling reached; no node relays WebRTC for another. A node whose lease runs out has its
 * links closed, and with them the producers it piped here (their consumers are told).
 *
 * This class is the cascade's door: the directory of who publishes what (Redis), the receiving side
 * (PipeIntake), the publishing side (PipeOutlet), and the lease checks.
 */
export class PipeCascade extends EventEmitter<CascadeEvents> {
  readonly #bus: NodeBus;
  readonly #lease: NodeLease;
  readonly #directory: ProducerDirectory;
  readonly #rooms: CascadeRooms;
  readonly #log: Logger;
  readonly #intake: PipeIntake;
  readonly #outlet: PipeOutlet;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: {
    bus: NodeBus;
    lease: NodeLease;
    directory: ProducerDirectory;
    rooms: CascadeRooms;
    /** What the pipes bind, and the address other nodes reach them on. */
    listen: MediasoupTypes.TransportListenIp;
    log: Logger;
  }) {
    super();
    this.#bus = options.bus;
    this.#lease = options.lease;
    this.#directory = options.directory;
    this.#rooms = options.rooms;
    this.#log = options.log;
    this.#intake = new PipeIntake({
      ...options,
      onCopyLost: (sessionId, info) => this.emit('copyLost', sessionId, info),
    });
    this.#outlet = new PipeOutlet(options);
  }

  get nodeId(): string {
    return this.#lease.id;
  }

  start(): void {
    const room = (sessionId: string) => this.#rooms.existing(sessionId);
    this.#bus.handle(PIPE.open, (body, from) => {
      const request = parse(openRequest, body);
      return this.#outlet.open(this.#requireRoom(request.sessionId), request, from);
    });
    this.#bus.handle(PIPE.consume, (body, from) => {
      const request = parse(consumeRequest, body);
      return this.#outlet.consume(this.#requireRoom(request.sessionId), request, from);
    });
    this.#bus.handle(PIPE.producerClosed, (body, from) => {
      const notice = parse(producerClosedNotice, body);
      this.#intake.producerClosed(room(notice.sessionId), notice, from);
    });
    this.#bus.handle(PIPE.producerPaused, (body, from) => {
      const notice = parse(producerPausedNotice, body);
      return this.#intake.producerPaused(room(notice.sessionId), notice, from);
    });
    this.#bus.handle(PIPE.linkClosed, (body, from) => this.#linkClosed(from, parse(linkClosedNotice, body).sessionId));
    this.#timer = setInterval(() => void this.#checkLeases(), LINK_CHECK_MS);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** This node's pipe links (for operations and tests): which node, which way, encrypted, repairing loss. */
  async links(): Promise<PipeLinkInfo[]> {
    return [...(await this.#outlet.describe()), ...(await this.#intake.describe())];
  }

  /** Pipes `producerId` into `room` from the node that publishes it (nothing when no live node does). */
  pull(room: BroadcastRoom, producerId: string): Promise<void> {
    return this.#intake.pull(room, producerId);
  }

  // ---- the directory: which node publishes what ------------------------------------------------------

  /** A producer published on this node: other nodes may now pipe it. */
  async announce(sessionId: string, info: ProducerInfo): Promise<void> {
    await this.#directory.put(sessionId, this.nodeId, info);
  }

  async withdraw(sessionId: string, producerId: string): Promise<void> {
    await this.#directory.remove(sessionId, producerId);
  }

  /** The session's producers published on the other live nodes. */
  async remoteProducers(sessionId: string): Promise<ProducerInfo[]> {
    const alive = new Set(await this.#lease.alive());
    const entries = await this.#directory.list(sessionId, alive);
    return entries.filter((e) => e.nodeId !== this.nodeId).map((e) => e.info);
  }

  /** The session ended: its links close with its room; its directory goes. */
  async sessionEnded(sessionId: string): Promise<void> {
    this.#intake.forget(sessionId);
    this.#outlet.forget(sessionId);
    await this.#directory.drop(sessionId);
  }

  // ---- links to other nodes --------------------------------------------------------------------------

  /** Every link with `nodeId` (of one session, or all) closes; the copies it fed close with it. */
  async #linkClosed(nodeId: string, sessionId?: string): Promise<void> {
    await this.#intake.closeFrom(nodeId, sessionId);
    this.#outlet.closeTo(nodeId, sessionId);
  }

  /** Links to nodes whose lease ran out are closed (their piped producers with them). */
  async #checkLeases(): Promise<void> {
    const nodes = new Set([...this.#intake.nodes(), ...this.#outlet.nodes()]);
    if (nodes.size === 0) return;
    let alive: Set<string>;
    try {
      alive = new Set(await this.#lease.alive());
    } catch {
      return; // Redis away: nothing is decided without the leases
    }
    for (const nodeId of nodes) {
      if (alive.has(nodeId)) continue;
      this.#log.warn({ nodeId }, 'node lease ran out: closing its pipe links');
      await this.#linkClosed(nodeId);
    }
  }

  #requireRoom(sessionId: string): BroadcastRoom {
    const room = this.#rooms.existing(sessionId);
    if (!room) throw new AppError('NOT_FOUND', 'The session is not live on this node');
    return room;
  }
}
