import { EventEmitter } from 'node:events';
import type { ProducerInfo } from '@diem-cau/shared';
import type { z } from 'zod';
import { AppError } from '../../errors/AppError.js';
import type { Logger } from '../../logging/logger.js';
import type { NodeBus } from '../../redis/nodeBus.js';
import type { NodeLease } from '../../redis/nodeLease.js';
import type { BroadcastRoom } from '../BroadcastRoom.js';
import type { MediasoupTypes } from '../mediasoup.js';
import {
  PIPE,
  consumeReply,
  consumeRequest,
  linkClosedNotice,
  openReply,
  openRequest,
  producerClosedNotice,
  producerPausedNotice,
} from './pipeMessages.js';
import type { ProducerDirectory } from './ProducerDirectory.js';

/** One pipe link of this node, as `links()` describes it. */
export interface PipeLinkInfo {
  sessionId: string;
  /** The node at the other end. */
  nodeId: string;
  /** `in`: brings that node's producers here; `out`: sends this node's producers there. */
  direction: 'in' | 'out';
  srtp: boolean;
  rtx: boolean;
  producers: number;
  consumers: number;
}

/** How long after a copy is lost its node is asked whether it still publishes it (a worker's replacement settles). */
const COPY_LOST_CHECK_MS = 500;

/** How often links to other nodes are checked against their leases. */
export const LINK_CHECK_MS = 2_000;

/** The rooms of this node, as the cascade needs them. */
export interface CascadeRooms {
  existing(sessionId: string): BroadcastRoom | undefined;
}

/** This node's end of a link that brings another node's producers here. */
interface InboundLink {
  sessionId: string;
  nodeId: string;
  /** Resolves to the link's id on the publishing node once both ends are connected. */
  ready: Promise<{ transport: MediasoupTypes.PipeTransport; remoteLinkId: string }>;
}

/** This node's end of a link that sends its producers to another node. */
interface OutboundLink {
  sessionId: string;
  nodeId: string;
  transport: MediasoupTypes.PipeTransport;
}

/**
 * Media across hosts. The node where a producer is published (the host's, or the endpoint's that
 * holds the floor) is its origin; any other node whose receivers want it pipes it in over a pair of
 * mediasoup PipeTransports (SRTP and RTX on), set up with messages over Redis (the node bus). One link
 * per session and direction between two nodes carries every producer. Receivers always connect to the
 * node their signaling reached; no node relays WebRTC for another. A node whose lease runs out has its
 * links closed, and with them the producers it piped here (their consumers are told).
 */
interface CascadeEvents {
  /**
   * A copy of another node's producer was lost here although that node still publishes it (this
   * node's pipe router went with its worker): the receivers here must consume it afresh.
   */
  copyLost: [sessionId: string, info: ProducerInfo];
}

export class PipeCascade extends EventEmitter<CascadeEvents> {
  readonly #bus: NodeBus;
  readonly #lease: NodeLease;
  readonly #directory: ProducerDirectory;
  readonly #rooms: CascadeRooms;
  readonly #listen: MediasoupTypes.TransportListenIp;
  readonly #log: Logger;
  readonly #inbound = new Map<string, InboundLink>();
  readonly #outbound = new Map<string, OutboundLink>();
  /** Pulls in progress, so concurrent consumers of one producer share one pipe. */
  readonly #pulling = new Map<string, Promise<void>>();
  /** Copies closed because their node said the producer closed (not lost). */
  readonly #closedByOrigin = new Set<string>();
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
    this.#listen = options.listen;
    this.#log = options.log;
  }

  get nodeId(): string {
    return this.#lease.id;
  }

  start(): void {
    this.#bus.handle(PIPE.open, (body, from) => this.#open(parse(openRequest, body), from));
    this.#bus.handle(PIPE.consume, (body, from) => this.#consume(parse(consumeRequest, body), from));
    this.#bus.handle(PIPE.producerClosed, (body, from) => this.#remoteClosed(parse(producerClosedNotice, body), from));
    this.#bus.handle(PIPE.producerPaused, (body, from) => this.#remotePaused(parse(producerPausedNotice, body), from));
    this.#bus.handle(PIPE.linkClosed, (body, from) => this.#linkClosed(parse(linkClosedNotice, body).sessionId, from));
    this.#timer = setInterval(() => void this.#checkLeases(), LINK_CHECK_MS);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** This node's pipe links (for operations and tests): which node, which way, encrypted, repairing loss. */
  async links(): Promise<PipeLinkInfo[]> {
    const describe = async (
      transport: MediasoupTypes.PipeTransport,
      base: Omit<PipeLinkInfo, 'srtp' | 'rtx' | 'producers' | 'consumers'>,
    ): Promise<PipeLinkInfo> => {
      const dump = (await transport.dump()) as unknown as {
        srtpParameters?: unknown;
        rtx?: boolean;
        producerIds: string[];
        consumerIds: string[];
      };
      return {
        ...base,
        srtp: Boolean(dump.srtpParameters),
        rtx: dump.rtx === true,
        producers: dump.producerIds.length,
        consumers: dump.consumerIds.length,
      };
    };
    const out: PipeLinkInfo[] = [];
    for (const link of this.#outbound.values())
      if (!link.transport.closed)
        out.push(await describe(link.transport, { sessionId: link.sessionId, nodeId: link.nodeId, direction: 'out' }));
    for (const link of this.#inbound.values()) {
      const ready = await link.ready.catch(() => undefined);
      if (ready && !ready.transport.closed)
        out.push(await describe(ready.transport, { sessionId: link.sessionId, nodeId: link.nodeId, direction: 'in' }));
    }
    return out;
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
    for (const [key, link] of this.#inbound) if (link.sessionId === sessionId) this.#inbound.delete(key);
    for (const [id, link] of this.#outbound) if (link.sessionId === sessionId) this.#outbound.delete(id);
    await this.#directory.drop(sessionId);
  }

  // ---- the receiving side ----------------------------------------------------------------------------

  /**
   * Pipes `producerId` into `room` from the node that publishes it; resolves without doing anything
   * when no live node publishes it (the room then answers NOT_FOUND).
   */
  pull(room: BroadcastRoom, producerId: string): Promise<void> {
    const key = `${room.sessionId}|${producerId}`;
    let pending = this.#pulling.get(key);
    if (!pending) {
      pending = this.#pull(room, producerId).finally(() => this.#pulling.delete(key));
      this.#pulling.set(key, pending);
    }
    return pending;
  }

  async #pull(room: BroadcastRoom, producerId: string): Promise<void> {
    if (room.producerEntry(producerId)) return;
    const entry = await this.#directory.get(room.sessionId, producerId);
    if (!entry || entry.nodeId === this.nodeId || !(await this.#lease.isAlive(entry.nodeId))) return;
    const { transport, remoteLinkId } = await this.#inboundLink(room, entry.nodeId).ready;
    const reply = parse(
      consumeReply,
      await this.#bus.request(entry.nodeId, PIPE.consume, {
        sessionId: room.sessionId,
        linkId: remoteLinkId,
        producerId,
      } satisfies z.infer<typeof consumeRequest>),
    );
    if (room.closed || transport.closed) throw new AppError('CONFLICT', 'The broadcast has ended here');
    if (room.producerEntry(producerId)) return;
    const producer = await transport.produce({
      id: producerId,
      kind: reply.kind,
      rtpParameters: reply.rtpParameters as unknown as MediasoupTypes.RtpParameters,
      paused: reply.paused,
      appData: { source: reply.source, fromNode: entry.nodeId },
    });
    producer.observer.once('close', () => {
      if (this.#closedByOrigin.delete(producer.id)) return;
      setTimeout(() => void this.#copyLost(room, producerId).catch(() => undefined), COPY_LOST_CHECK_MS).unref();
    });
    await room.adoptRemoteProducer(producer, {
      source: reply.source,
      publisher: reply.publisher,
      nodeId: entry.nodeId,
      slot: room.pipeSlot(),
    });
    this.#log.info({ sessionId: room.sessionId, producerId, from: entry.nodeId }, 'producer piped in from its node');
  }

  #inboundLink(room: BroadcastRoom, nodeId: string): InboundLink {
    const key = `${room.sessionId}|${nodeId}`;
    const existing = this.#inbound.get(key);
    if (existing) return existing;
    const link: InboundLink = { sessionId: room.sessionId, nodeId, ready: this.#connectInbound(room, nodeId, key) };
    // A failed set-up is forgotten, so the next consumer tries again.
    link.ready.catch(() => {
      if (this.#inbound.get(key) === link) this.#inbound.delete(key);
    });
    this.#inbound.set(key, link);
    return link;
  }

  async #connectInbound(
    room: BroadcastRoom,
    nodeId: string,
    key: string,
  ): Promise<{ transport: MediasoupTypes.PipeTransport; remoteLinkId: string }> {
    const transport = await this.#createPipe(room, { direction: 'in', nodeId });
    transport.observer.once('close', () => {
      const link = this.#inbound.get(key);
      if (link) this.#inbound.delete(key);
    });
    try {
      const reply = parse(
        openReply,
        await this.#bus.request(nodeId, PIPE.open, {
          sessionId: room.sessionId,
          end: endOf(transport),
          srtp: srtpOf(transport),
        } satisfies z.infer<typeof openRequest>),
      );
      await transport.connect({
        ip: reply.end.ip,
        port: reply.end.port,
        srtpParameters: reply.srtp as MediasoupTypes.SrtpParameters,
      });
      this.#log.info({ sessionId: room.sessionId, from: nodeId }, 'pipe link from another node connected');
      return { transport, remoteLinkId: reply.linkId };
    } catch (error) {
      transport.close();
      throw error;
    }
  }

  // ---- the publishing side ---------------------------------------------------------------------------

  async #open(request: z.infer<typeof openRequest>, from: string): Promise<z.infer<typeof openReply>> {
    const room = this.#requireRoom(request.sessionId);
    // The asker lost its end (its pipe router went with a worker) and opens anew: the old end goes,
    // quietly (telling the asker would close the link it is opening).
    for (const [id, link] of [...this.#outbound])
      if (link.sessionId === request.sessionId && link.nodeId === from) {
        this.#outbound.delete(id);
        link.transport.close();
      }
    const transport = await this.#createPipe(room, { direction: 'out', nodeId: from });
    try {
      await transport.connect({
        ip: request.end.ip,
        port: request.end.port,
        srtpParameters: request.srtp as MediasoupTypes.SrtpParameters,
      });
    } catch (error) {
      transport.close();
      throw error;
    }
    this.#outbound.set(transport.id, { sessionId: request.sessionId, nodeId: from, transport });
    transport.observer.once('close', () => {
      if (!this.#outbound.delete(transport.id)) return;
      void this.#bus.notify(from, PIPE.linkClosed, { sessionId: request.sessionId });
    });
    this.#log.info({ sessionId: request.sessionId, to: from }, 'pipe link to another node connected');
    return { linkId: transport.id, end: endOf(transport), srtp: srtpOf(transport) };
  }

  async #consume(request: z.infer<typeof consumeRequest>, from: string): Promise<z.infer<typeof consumeReply>> {
    const link = this.#outbound.get(request.linkId);
    if (!link || link.nodeId !== from || link.sessionId !== request.sessionId || link.transport.closed)
      throw new AppError('NOT_FOUND', 'No such pipe link');
    const room = this.#requireRoom(request.sessionId);
    const entry = room.producerEntry(request.producerId);
    if (!entry || entry.remoteNode !== undefined) throw new AppError('NOT_FOUND', 'No such producer on this node');
    await room.ensureProducerOn(request.producerId, room.pipeSlot());
    const consumer = await link.transport.consume({ producerId: request.producerId });
    const { sessionId, producerId } = request;
    consumer.on('producerclose', () => {
      consumer.close();
      void this.#bus.notify(from, PIPE.producerClosed, { sessionId, producerId });
    });
    consumer.on(
      'producerpause',
      () => void this.#bus.notify(from, PIPE.producerPaused, { sessionId, producerId, paused: true }),
    );
    consumer.on(
      'producerresume',
      () => void this.#bus.notify(from, PIPE.producerPaused, { sessionId, producerId, paused: false }),
    );
    return {
      kind: consumer.kind,
      rtpParameters: consumer.rtpParameters as unknown as Record<string, unknown>,
      paused: consumer.producerPaused,
      source: entry.source,
      publisher: entry.publisher,
    };
  }

  // ---- notices from the publishing node -------------------------------------------------------------

  #remoteClosed(notice: z.infer<typeof producerClosedNotice>, from: string): void {
    const entry = this.#rooms.existing(notice.sessionId)?.producerEntry(notice.producerId);
    if (entry?.remoteNode !== from) return;
    this.#closedByOrigin.add(notice.producerId);
    entry.producer.close();
  }

  /**
   * A copy closed without its node saying so: if that node still publishes it, receivers are told
   * again (also when another receiver has piped it in anew meanwhile: this one's consumer is gone).
   */
  async #copyLost(room: BroadcastRoom, producerId: string): Promise<void> {
    if (room.closed) return;
    const entry = await this.#directory.get(room.sessionId, producerId);
    if (!entry || entry.nodeId === this.nodeId || !(await this.#lease.isAlive(entry.nodeId))) return;
    this.#log.info({ sessionId: room.sessionId, producerId, from: entry.nodeId }, 'a piped copy was lost here');
    this.emit('copyLost', room.sessionId, entry.info);
  }

  async #remotePaused(notice: z.infer<typeof producerPausedNotice>, from: string): Promise<void> {
    const entry = this.#rooms.existing(notice.sessionId)?.producerEntry(notice.producerId);
    if (entry?.remoteNode !== from) return;
    if (notice.paused) await entry.producer.pause();
    else await entry.producer.resume();
  }

  async #linkClosed(sessionId: string, from: string): Promise<void> {
    const inbound = this.#inbound.get(`${sessionId}|${from}`);
    if (inbound) {
      this.#inbound.delete(`${sessionId}|${from}`);
      await inbound.ready.then(({ transport }) => transport.close()).catch(() => undefined);
    }
    for (const link of [...this.#outbound.values()])
      if (link.sessionId === sessionId && link.nodeId === from) {
        this.#outbound.delete(link.transport.id);
        link.transport.close();
      }
  }

  /** Links to nodes whose lease ran out are closed (their piped producers with them). */
  async #checkLeases(): Promise<void> {
    const nodes = new Set([...this.#inbound.values(), ...this.#outbound.values()].map((l) => l.nodeId));
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
      for (const link of [...this.#inbound.values()])
        if (link.nodeId === nodeId) await this.#linkClosed(link.sessionId, nodeId);
      for (const link of [...this.#outbound.values()])
        if (link.nodeId === nodeId) await this.#linkClosed(link.sessionId, nodeId);
    }
  }

  #requireRoom(sessionId: string): BroadcastRoom {
    const room = this.#rooms.existing(sessionId);
    if (!room) throw new AppError('NOT_FOUND', 'The session is not live on this node');
    return room;
  }

  async #createPipe(room: BroadcastRoom, appData: Record<string, unknown>): Promise<MediasoupTypes.PipeTransport> {
    const router = await room.pipeRouter();
    return router.createPipeTransport({
      listenIp: this.#listen,
      enableSrtp: true,
      enableRtx: true,
      appData: { ...appData, sessionId: room.sessionId },
    });
  }
}

function parse<T extends z.ZodTypeAny>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new AppError('BAD_REQUEST', `Malformed pipe message: ${parsed.error.message}`);
  return parsed.data;
}

function endOf(transport: MediasoupTypes.PipeTransport): { ip: string; port: number } {
  return { ip: transport.tuple.localIp, port: transport.tuple.localPort };
}

function srtpOf(transport: MediasoupTypes.PipeTransport): { cryptoSuite: string; keyBase64: string } {
  const srtp = transport.srtpParameters;
  if (!srtp) throw new Error('pipe transport without SRTP parameters');
  return { cryptoSuite: srtp.cryptoSuite, keyBase64: srtp.keyBase64 };
}
