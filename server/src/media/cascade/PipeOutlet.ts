import type { z } from 'zod';
import { AppError } from '../../errors/AppError.js';
import type { Logger } from '../../logging/logger.js';
import type { NodeBus } from '../../redis/nodeBus.js';
import type { BroadcastRoom } from '../BroadcastRoom.js';
import type { MediasoupTypes } from '../mediasoup.js';
import { createPipe, describeLink, endOf, srtpOf, type PipeLinkInfo } from './pipeEnds.js';
import { PIPE, type consumeReply, type consumeRequest, type openReply, type openRequest } from './pipeMessages.js';

/** This node's end of a link that sends its producers to another node. */
interface OutboundLink {
  sessionId: string;
  nodeId: string;
  transport: MediasoupTypes.PipeTransport;
}

/**
 * The publishing side of the cascade: answers other nodes that open a link to this node and ask for
 * the producers published here, and tells them when one closes or pauses.
 */
export class PipeOutlet {
  readonly #bus: NodeBus;
  readonly #listen: MediasoupTypes.TransportListenIp;
  readonly #log: Logger;
  readonly #links = new Map<string, OutboundLink>();

  constructor(options: { bus: NodeBus; listen: MediasoupTypes.TransportListenIp; log: Logger }) {
    this.#bus = options.bus;
    this.#listen = options.listen;
    this.#log = options.log;
  }

  /** The nodes this node sends to. */
  nodes(): string[] {
    return [...this.#links.values()].map((l) => l.nodeId);
  }

  async describe(): Promise<PipeLinkInfo[]> {
    const out: PipeLinkInfo[] = [];
    for (const link of this.#links.values())
      if (!link.transport.closed)
        out.push(
          await describeLink(link.transport, { sessionId: link.sessionId, nodeId: link.nodeId, direction: 'out' }),
        );
    return out;
  }

  /** Another node opens a link to receive this node's producers of the session. */
  async open(
    room: BroadcastRoom,
    request: z.infer<typeof openRequest>,
    from: string,
  ): Promise<z.infer<typeof openReply>> {
    // The asker lost its end (its pipe router went with a worker) and opens anew: the old end goes,
    // quietly (telling the asker would close the link it is opening).
    for (const [id, link] of [...this.#links])
      if (link.sessionId === request.sessionId && link.nodeId === from) {
        this.#links.delete(id);
        link.transport.close();
      }
    const transport = await createPipe(room, this.#listen, { direction: 'out', nodeId: from });
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
    this.#links.set(transport.id, { sessionId: request.sessionId, nodeId: from, transport });
    transport.observer.once('close', () => {
      if (!this.#links.delete(transport.id)) return;
      void this.#bus.notify(from, PIPE.linkClosed, { sessionId: request.sessionId });
    });
    this.#log.info({ sessionId: request.sessionId, to: from }, 'pipe link to another node connected');
    return { linkId: transport.id, end: endOf(transport), srtp: srtpOf(transport) };
  }

  /** Another node asks for a producer published here, over a link it opened. */
  async consume(
    room: BroadcastRoom,
    request: z.infer<typeof consumeRequest>,
    from: string,
  ): Promise<z.infer<typeof consumeReply>> {
    const link = this.#links.get(request.linkId);
    if (!link || link.nodeId !== from || link.sessionId !== request.sessionId || link.transport.closed)
      throw new AppError('NOT_FOUND', 'No such pipe link');
    const entry = room.producerEntry(request.producerId);
    if (!entry || entry.remoteNode !== undefined) throw new AppError('NOT_FOUND', 'No such producer on this node');
    await room.ensureProducerOn(request.producerId, room.pipeSlot());
    const consumer = await link.transport.consume({ producerId: request.producerId });
    const { sessionId, producerId } = request;
    const tell = (paused: boolean) =>
      void this.#bus.notify(from, PIPE.producerPaused, { sessionId, producerId, paused });
    consumer.on('producerclose', () => {
      consumer.close();
      void this.#bus.notify(from, PIPE.producerClosed, { sessionId, producerId });
    });
    consumer.on('producerpause', () => tell(true));
    consumer.on('producerresume', () => tell(false));
    return {
      kind: consumer.kind,
      rtpParameters: consumer.rtpParameters as unknown as Record<string, unknown>,
      paused: consumer.producerPaused,
      source: entry.source,
      publisher: entry.publisher,
    };
  }

  /** Closes the links that send the session to `nodeId` (all sessions when `sessionId` is undefined). */
  closeTo(nodeId: string, sessionId?: string): void {
    for (const [id, link] of [...this.#links])
      if (link.nodeId === nodeId && (sessionId === undefined || link.sessionId === sessionId)) {
        this.#links.delete(id);
        link.transport.close();
      }
  }

  /** The session ended: its links close with its room. */
  forget(sessionId: string): void {
    for (const [id, link] of this.#links) if (link.sessionId === sessionId) this.#links.delete(id);
  }
}
