import type { ProducerInfo } from '@diem-cau/shared';
import type { z } from 'zod';
import { AppError } from '../../errors/AppError.js';
import type { Logger } from '../../logging/logger.js';
import type { NodeBus } from '../../redis/nodeBus.js';
import type { NodeLease } from '../../redis/nodeLease.js';
import type { BroadcastRoom } from '../BroadcastRoom.js';
import type { MediasoupTypes } from '../mediasoup.js';
import { createPipe, describeLink, endOf, parse, srtpOf, type PipeLinkInfo } from './pipeEnds.js';
import {
  PIPE,
  consumeReply,
  openReply,
  type consumeRequest,
  type openRequest,
  type producerClosedNotice,
  type producerPausedNotice,
} from './pipeMessages.js';
import type { ProducerDirectory } from './ProducerDirectory.js';

/** How long after a copy is lost its node is asked whether it still publishes it (a worker's replacement settles). */
const COPY_LOST_CHECK_MS = 500;

/** This node's end of a link that brings another node's producers here. */
interface InboundLink {
  sessionId: string;
  nodeId: string;
  /** Resolves to the link's id on the publishing node once both ends are connected. */
  ready: Promise<{ transport: MediasoupTypes.PipeTransport; remoteLinkId: string }>;
}

/**
 * The receiving side of the cascade: pipes another node's producer into a room of this node when a
 * receiver here first wants it (one link per session and publishing node), applies what that node
 * says of it (closed, paused), and notices a copy lost here while its node still publishes it.
 */
export class PipeIntake {
  readonly #bus: NodeBus;
  readonly #lease: NodeLease;
  readonly #directory: ProducerDirectory;
  readonly #listen: MediasoupTypes.TransportListenIp;
  readonly #log: Logger;
  readonly #onCopyLost: (sessionId: string, info: ProducerInfo) => void;
  readonly #links = new Map<string, InboundLink>();
  /** Pulls in progress, so concurrent consumers of one producer share one pipe. */
  readonly #pulling = new Map<string, Promise<void>>();
  /** Copies closed because their node said the producer closed (not lost). */
  readonly #closedByOrigin = new Set<string>();

  constructor(options: {
    bus: NodeBus;
    lease: NodeLease;
    directory: ProducerDirectory;
    listen: MediasoupTypes.TransportListenIp;
    log: Logger;
    onCopyLost: (sessionId: string, info: ProducerInfo) => void;
  }) {
    this.#bus = options.bus;
    this.#lease = options.lease;
    this.#directory = options.directory;
    this.#listen = options.listen;
    this.#log = options.log;
    this.#onCopyLost = options.onCopyLost;
  }

  /** The nodes this node receives from. */
  nodes(): string[] {
    return [...this.#links.values()].map((l) => l.nodeId);
  }

  async describe(): Promise<PipeLinkInfo[]> {
    const out: PipeLinkInfo[] = [];
    for (const link of this.#links.values()) {
      const ready = await link.ready.catch(() => undefined);
      if (ready && !ready.transport.closed)
        out.push(
          await describeLink(ready.transport, { sessionId: link.sessionId, nodeId: link.nodeId, direction: 'in' }),
        );
    }
    return out;
  }

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

  /** Its node says the producer closed: the copy goes (and its consumers are told by the room). */
  producerClosed(room: BroadcastRoom | undefined, notice: z.infer<typeof producerClosedNotice>, from: string): void {
    const entry = room?.producerEntry(notice.producerId);
    if (entry?.remoteNode !== from) return;
    this.#closedByOrigin.add(notice.producerId);
    entry.producer.close();
  }

  async producerPaused(
    room: BroadcastRoom | undefined,
    notice: z.infer<typeof producerPausedNotice>,
    from: string,
  ): Promise<void> {
    const entry = room?.producerEntry(notice.producerId);
    if (entry?.remoteNode !== from) return;
    if (notice.paused) await entry.producer.pause();
    else await entry.producer.resume();
  }

  /** Closes the link bringing the session from `nodeId` (all sessions when `sessionId` is undefined). */
  async closeFrom(nodeId: string, sessionId?: string): Promise<void> {
    for (const [key, link] of [...this.#links]) {
      if (link.nodeId !== nodeId || (sessionId !== undefined && link.sessionId !== sessionId)) continue;
      this.#links.delete(key);
      await link.ready.then(({ transport }) => transport.close()).catch(() => undefined);
    }
  }

  /** The session ended: its links close with its room. */
  forget(sessionId: string): void {
    for (const [key, link] of this.#links) if (link.sessionId === sessionId) this.#links.delete(key);
  }

  async #pull(room: BroadcastRoom, producerId: string): Promise<void> {
    if (room.producerEntry(producerId)) return;
    const entry = await this.#directory.get(room.sessionId, producerId);
    if (!entry || entry.nodeId === this.#lease.id || !(await this.#lease.isAlive(entry.nodeId))) return;
    const { transport, remoteLinkId } = await this.#link(room, entry.nodeId).ready;
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

  /**
   * A copy closed without its node saying so: if that node still publishes it, receivers are told
   * again (also when another receiver has piped it in anew meanwhile: this one's consumer is gone).
   */
  async #copyLost(room: BroadcastRoom, producerId: string): Promise<void> {
    if (room.closed) return;
    const entry = await this.#directory.get(room.sessionId, producerId);
    if (!entry || entry.nodeId === this.#lease.id || !(await this.#lease.isAlive(entry.nodeId))) return;
    this.#log.info({ sessionId: room.sessionId, producerId, from: entry.nodeId }, 'a piped copy was lost here');
    this.#onCopyLost(room.sessionId, entry.info);
  }

  #link(room: BroadcastRoom, nodeId: string): InboundLink {
    const key = `${room.sessionId}|${nodeId}`;
    const existing = this.#links.get(key);
    if (existing) return existing;
    const link = { sessionId: room.sessionId, nodeId } as InboundLink;
    link.ready = this.#connect(room, nodeId, key, link);
    // A failed set-up is forgotten, so the next consumer tries again.
    link.ready.catch(() => {
      if (this.#links.get(key) === link) this.#links.delete(key);
    });
    this.#links.set(key, link);
    return link;
  }

  async #connect(
    room: BroadcastRoom,
    nodeId: string,
    key: string,
    link: InboundLink,
  ): Promise<{ transport: MediasoupTypes.PipeTransport; remoteLinkId: string }> {
    const transport = await createPipe(room, this.#listen, { direction: 'in', nodeId });
    // Only this link: a newer one under the same key may already be opening.
    transport.observer.once('close', () => {
      if (this.#links.get(key) === link) this.#links.delete(key);
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
}
