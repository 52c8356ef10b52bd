import { EventEmitter } from 'node:events';
import type { MediaSource, ProducerInfo } from '@diem-cau/shared';
import { AppError } from '../errors/AppError.js';
import type { Logger } from '../logging/logger.js';
import { adaptToScore, applyLayers, initialCeiling, LINK_PROBE_MS, probeLink } from './layerPolicy.js';
import { MediaPeer, type ConsumerState, type PeerIdentity } from './MediaPeer.js';
import type { MediasoupTypes } from './mediasoup.js';
import type { MediaWorkerPool } from './MediaWorkerPool.js';
import { RoomRouters } from './RoomRouters.js';
import { MAX_INCOMING_BITRATE, webRtcTransportOptions, type TransportSettings } from './transportSettings.js';

export interface ProducerEntry {
  producer: MediasoupTypes.Producer;
  peerId: string;
  /** The send transport carrying it. */
  transportId: string;
  slot: number;
  source: MediaSource;
  publisher: ProducerInfo['publisher'];
  /** Set when the producer is a copy piped in from the node that publishes it (cascade/). */
  remoteNode?: string;
}

/** Brings a producer published on another node into this room (cascade/PipeCascade.ts). */
export type RemoteProducerSource = (room: BroadcastRoom, producerId: string) => Promise<void>;

interface RoomEvents {
  producerAdded: [info: ProducerInfo];
  producerClosed: [producerId: string];
  producerPaused: [producerId: string, paused: boolean];
  consumerClosed: [peerId: string, consumerId: string];
  consumerLayers: [peerId: string, consumerId: string, spatialLayer: number | null];
  /** A receiver's link became weak (still poor at the lowest layer) or recovered (layerPolicy.ts). */
  linkQuality: [peerId: string, weak: boolean];
  /** A peer lost its transports (its worker died): it must create them again. */
  peerMediaLost: [peerId: string];
  /** The room closed (the session ended, the node stops): its routers and producers are gone. */
  closed: [];
}

/**
 * The SFU of one live session. The host publishes on the origin router; routers on the other
 * workers receive every producer through pipeToRouter; each receiver is placed on the least loaded
 * worker. Survives a worker's death: the routers of the dead slot are recreated on demand on the
 * replacement and the producers piped again; the peers that were on it are told to reconnect.
 */
export class BroadcastRoom extends EventEmitter<RoomEvents> {
  readonly sessionId: string;
  readonly #pool: MediaWorkerPool;
  readonly #settings: TransportSettings;
  readonly #log: Logger;
  readonly #routers: RoomRouters;
  readonly #peers = new Map<string, MediaPeer>();
  readonly #producers = new Map<string, ProducerEntry>();
  #originSlot: number;
  #closed = false;
  #remoteSource: RemoteProducerSource | undefined;

  constructor(sessionId: string, pool: MediaWorkerPool, settings: TransportSettings, log: Logger) {
    super();
    this.sessionId = sessionId;
    this.#pool = pool;
    this.#settings = settings;
    this.#log = log;
    this.#routers = new RoomRouters(pool, log, { sessionId });
    this.#originSlot = pool.leastLoaded().index;
    this.#routers.on('routerClosed', (slot) => this.#onRouterClosed(slot));
  }

  get closed(): boolean {
    return this.#closed;
  }

  get originSlot(): number {
    return this.#originSlot;
  }

  /** Where producers published on other nodes come from, when they are first consumed here. */
  setRemoteSource(source: RemoteProducerSource): void {
    this.#remoteSource = source;
  }

  /** The slot whose router carries the pipes to and from other nodes: the origin's. */
  pipeSlot(): number {
    return this.#liveOrigin();
  }

  pipeRouter(): Promise<MediasoupTypes.Router> {
    return this.#routers.router(this.#liveOrigin());
  }

  producerEntry(producerId: string): ProducerEntry | undefined {
    const entry = this.#producers.get(producerId);
    return entry && !entry.producer.closed ? entry : undefined;
  }

  /** Resolves once the producer can be consumed on `slot`'s router. */
  async ensureProducerOn(producerId: string, slot: number): Promise<void> {
    await this.#routers.ensureOn(producerId, slot);
  }

  /**
   * A producer of another node, piped into this node's `slot` router: consumed here like a local one,
   * but announced (added, closed, paused) by its own node only.
   */
  async adoptRemoteProducer(
    producer: MediasoupTypes.Producer,
    meta: { source: MediaSource; publisher: ProducerInfo['publisher']; nodeId: string; slot: number },
  ): Promise<void> {
    this.#assertOpen();
    const entry: ProducerEntry = {
      producer,
      peerId: `node:${meta.nodeId}`,
      transportId: '',
      slot: meta.slot,
      source: meta.source,
      publisher: meta.publisher,
      remoteNode: meta.nodeId,
    };
    this.#producers.set(producer.id, entry);
    producer.observer.once('close', () => {
      this.#producers.delete(producer.id);
      this.#routers.removeProducer(producer.id);
    });
    await this.#routers.addProducer(producer.id, meta.slot);
  }

  /** Slots that hold a router of this room right now. */
  routerSlots(): number[] {
    return this.#routers.slots();
  }

  routerOn(slot: number): MediasoupTypes.Router | undefined {
    return this.#routers.existing(slot);
  }

  /** Creates the slot's router now (after a worker was replaced) and pipes every producer into it. */
  async prepareSlot(slot: number): Promise<void> {
    if (!this.#closed) await this.#routers.router(slot);
  }

  async rtpCapabilities(): Promise<MediasoupTypes.RtpCapabilities> {
    return (await this.#routers.router(this.#liveOrigin())).rtpCapabilities;
  }

  peer(peerId: string): MediaPeer | undefined {
    return this.#peers.get(peerId);
  }

  peers(): MediaPeer[] {
    return [...this.#peers.values()];
  }

  addPeer(peerId: string, identity: PeerIdentity): MediaPeer {
    const existing = this.#peers.get(peerId);
    if (existing) return existing;
    const peer = new MediaPeer(peerId, identity);
    this.#peers.set(peerId, peer);
    return peer;
  }

  /** Closes a peer's transports (and so its producers and consumers). */
  removePeer(peerId: string): void {
    const peer = this.#peers.get(peerId);
    if (!peer) return;
    this.#peers.delete(peerId);
    for (const { transport } of peer.transports.values()) transport.close();
  }

  /**
   * A new transport of the peer. It counts in `peer.transportCount()` from this call on (before its
   * first await), so a limit checked right before the call holds for concurrent requests.
   */
  async createTransport(
    peer: MediaPeer,
    direction: 'send' | 'recv',
    tcpOnly: boolean,
  ): Promise<MediasoupTypes.WebRtcTransport> {
    this.#assertOpen();
    if (peer.slot === undefined || this.#pool.slots[peer.slot]?.worker.closed) {
      peer.slot = peer.identity.role === 'host' ? this.#liveOrigin() : this.#pool.leastLoaded().index;
    }
    const slot = peer.slot;
    peer.creatingTransports++;
    let transport: MediasoupTypes.WebRtcTransport;
    try {
      const router = await this.#routers.router(slot);
      transport = await router.createWebRtcTransport(
        webRtcTransportOptions(this.#settings, tcpOnly, { peerId: peer.id, direction }),
      );
    } finally {
      peer.creatingTransports--;
    }
    const slotWorker = this.#pool.slots[slot]!.worker;
    this.#addLoad(slot, slotWorker, 1);
    peer.transports.set(transport.id, { transport, direction, slotWorker });
    transport.observer.once('close', () => {
      peer.transports.delete(transport.id);
      this.#addLoad(slot, slotWorker, -1);
    });
    transport.on('icestatechange', (state) =>
      this.#log.debug({ peerId: peer.id, transportId: transport.id, state }, 'ice state'),
    );
    // The client closed it (DTLS close alert) or DTLS failed for good: nothing more can flow on it.
    transport.on('dtlsstatechange', (state) => {
      if (state === 'closed' || state === 'failed') transport.close();
    });
    if (direction === 'send') await transport.setMaxIncomingBitrate(MAX_INCOMING_BITRATE);
    return transport;
  }

  /**
   * Closes the peer's send transports that carry no producer (a client drops its send transport when
   * the floor is taken back, without telling the server); returns how many it closed.
   */
  closeIdleSendTransports(peer: MediaPeer): number {
    const busy = new Set<string>();
    for (const entry of this.#producers.values())
      if (entry.peerId === peer.id && !entry.producer.closed) busy.add(entry.transportId);
    let closed = 0;
    for (const [id, { transport, direction }] of [...peer.transports]) {
      if (direction !== 'send' || transport.closed || busy.has(id)) continue;
      transport.close();
      closed++;
    }
    return closed;
  }

  transport(peer: MediaPeer, transportId: string): MediasoupTypes.WebRtcTransport {
    const entry = peer.transports.get(transportId);
    if (!entry || entry.transport.closed) throw new AppError('NOT_FOUND', 'No such transport on this connection');
    return entry.transport;
  }

  async connectTransport(
    peer: MediaPeer,
    transportId: string,
    dtlsParameters: MediasoupTypes.DtlsParameters,
  ): Promise<void> {
    await this.transport(peer, transportId).connect({ dtlsParameters });
  }

  async restartIce(peer: MediaPeer, transportId: string): Promise<MediasoupTypes.IceParameters> {
    return this.transport(peer, transportId).restartIce();
  }

  async produce(
    peer: MediaPeer,
    transportId: string,
    kind: MediasoupTypes.MediaKind,
    rtpParameters: MediasoupTypes.RtpParameters,
    source: MediaSource,
    publisher: ProducerInfo['publisher'],
  ): Promise<MediasoupTypes.Producer> {
    const entry = peer.transports.get(transportId);
    if (!entry || entry.transport.closed || entry.direction !== 'send')
      throw new AppError('NOT_FOUND', 'No such send transport on this connection');
    if ((source === 'mic') !== (kind === 'audio'))
      throw new AppError('BAD_REQUEST', `Source "${source}" cannot carry ${kind}`);
    for (const id of peer.producers) {
      if (this.#producers.get(id)?.source === source)
        throw new AppError('CONFLICT', `A "${source}" producer is already published`);
    }
    const producer = await entry.transport.produce({ kind, rtpParameters, appData: { source, peerId: peer.id } });
    this.#closeStale(peer.id, source, publisher);
    const slot = peer.slot!;
    const info: ProducerEntry = { producer, peerId: peer.id, transportId, slot, source, publisher };
    this.#producers.set(producer.id, info);
    peer.producers.add(producer.id);
    producer.observer.once('close', () => {
      this.#producers.delete(producer.id);
      this.#routers.removeProducer(producer.id);
      peer.producers.delete(producer.id);
      if (!this.#closed) this.emit('producerClosed', producer.id);
    });
    await this.#routers.addProducer(producer.id, slot);
    this.emit('producerAdded', this.#info(info));
    return producer;
  }

  /**
   * A publisher that reconnected (its network blipped) publishes again from a new connection while
   * the server may not have noticed the old one is gone: the old connection's producer of the same
   * source is stale, so it is closed and receivers move to the new one.
   */
  #closeStale(peerId: string, source: MediaSource, publisher: ProducerInfo['publisher']): void {
    for (const entry of [...this.#producers.values()]) {
      if (entry.peerId === peerId || entry.source !== source || entry.remoteNode !== undefined) continue;
      if (entry.publisher.role !== publisher.role || entry.publisher.subject !== publisher.subject) continue;
      this.#log.info(
        { producerId: entry.producer.id, stalePeerId: entry.peerId, peerId, source },
        'closing a stale producer replaced by its publisher',
      );
      entry.producer.close();
    }
  }

  closeProducer(peer: MediaPeer, producerId: string): void {
    if (!peer.producers.has(producerId)) throw new AppError('NOT_FOUND', 'No such producer on this connection');
    this.#producers.get(producerId)?.producer.close();
  }

  /** Closes every producer a peer publishes (the floor was taken back). */
  closeProducersOf(peerId: string): void {
    for (const entry of [...this.#producers.values()]) if (entry.peerId === peerId) entry.producer.close();
  }

  async setProducersPaused(peerId: string, kind: MediasoupTypes.MediaKind, paused: boolean): Promise<void> {
    for (const entry of this.#producers.values()) {
      if (entry.peerId !== peerId || entry.producer.kind !== kind || entry.producer.paused === paused) continue;
      if (paused) await entry.producer.pause();
      else await entry.producer.resume();
      this.emit('producerPaused', entry.producer.id, paused);
    }
  }

  /** The producers published on this node (copies piped in from other nodes are theirs to list). */
  producers(): ProducerInfo[] {
    return [...this.#producers.values()]
      .filter((p) => !p.producer.closed && p.remoteNode === undefined)
      .map((p) => this.#info(p));
  }

  /**
   * A consumer of a producer for the peer. It counts in `peer.consumerCount()` (and `peer.consuming`)
   * from this call on, before its first await. A consumer of the same producer on another of the
   * peer's transports is closed once this one exists: the client restarted its media on this
   * connection, and the old transport is abandoned.
   */
  async consume(
    peer: MediaPeer,
    transportId: string,
    producerId: string,
    rtpCapabilities: MediasoupTypes.RtpCapabilities,
  ): Promise<{ state: ConsumerState; entry: ProducerEntry }> {
    const transport = this.transport(peer, transportId);
    if (peer.transports.get(transportId)?.direction !== 'recv')
      throw new AppError('BAD_REQUEST', 'Consume on a receive transport');
    const slot = peer.slot!;
    const replaced = peer.consumerOf(producerId);
    peer.consuming.set(producerId, transportId);
    let consumer: MediasoupTypes.Consumer;
    let entry: ProducerEntry | undefined;
    try {
      // Published on another node: piped here first (counted as being consumed meanwhile).
      if (!this.producerEntry(producerId)) await this.#remoteSource?.(this, producerId);
      entry = this.producerEntry(producerId);
      if (!entry) throw new AppError('NOT_FOUND', 'No such producer in this session');
      if (entry.peerId === peer.id) throw new AppError('BAD_REQUEST', 'A connection does not consume its own producer');
      await this.#routers.ensureOn(producerId, slot);
      const router = await this.#routers.router(slot);
      if (!router.canConsume({ producerId, rtpCapabilities }))
        throw new AppError('BAD_REQUEST', 'These RTP capabilities cannot receive this producer');
      consumer = await transport.consume({
        producerId,
        rtpCapabilities,
        paused: true,
        // Audio too: lost Opus packets are retransmitted when the receiver asks (NACK; video has it by default).
        enableRtx: true,
        appData: { peerId: peer.id },
      });
    } finally {
      peer.consuming.delete(producerId);
    }
    if (replaced && replaced.transportId !== transportId) replaced.consumer.close();
    const slotWorker = this.#pool.slots[slot]!.worker;
    this.#addLoad(slot, slotWorker, 1);
    const state: ConsumerState = {
      consumer,
      transportId,
      source: entry.source,
      resumedByClient: false,
      layers: initialCeiling(),
    };
    peer.consumers.set(consumer.id, state);
    consumer.observer.once('close', () => {
      peer.consumers.delete(consumer.id);
      this.#addLoad(slot, slotWorker, -1);
    });
    consumer.on('producerclose', () => {
      consumer.close();
      this.emit('consumerClosed', peer.id, consumer.id);
    });
    consumer.on('layerschange', (layers) =>
      this.emit('consumerLayers', peer.id, consumer.id, layers?.spatialLayer ?? null),
    );
    consumer.on('score', (score) => {
      if (adaptToScore(state, score.score, Date.now(), this.#log)) this.emit('linkQuality', peer.id, state.layers.weak);
    });
    // When the link is short, the slides (their text is the lesson) get bitrate before the speaker's camera.
    if (entry.source === 'screen') await consumer.setPriority(2);
    if (consumer.type === 'simulcast') {
      await applyLayers(state);
      // The layer follows the receiver's loss too, and a receiver sent no layer at all is told its link is weak.
      const probe = setInterval(
        () =>
          void probeLink(state, Date.now(), this.#log)
            .then((weakChanged) => weakChanged && this.emit('linkQuality', peer.id, state.layers.weak))
            .catch(() => undefined),
        LINK_PROBE_MS,
      );
      probe.unref();
      consumer.observer.once('close', () => clearInterval(probe));
    }
    return { state, entry };
  }

  consumerState(peer: MediaPeer, consumerId: string): ConsumerState {
    const state = peer.consumers.get(consumerId);
    if (!state || state.consumer.closed) throw new AppError('NOT_FOUND', 'No such consumer on this connection');
    return state;
  }

  async resumeConsumer(peer: MediaPeer, consumerId: string): Promise<void> {
    const state = this.consumerState(peer, consumerId);
    state.resumedByClient = true;
    if (!(peer.audioOnly && state.consumer.kind === 'video')) await state.consumer.resume();
  }

  async setPreferredLayers(
    peer: MediaPeer,
    consumerId: string,
    spatialLayer: number,
    temporalLayer: number | undefined,
  ): Promise<void> {
    const state = this.consumerState(peer, consumerId);
    if (state.consumer.type !== 'simulcast') throw new AppError('CONFLICT', 'This consumer has no layers');
    state.layers.preferredSpatial = spatialLayer;
    state.layers.autoSpatial = Math.max(state.layers.autoSpatial, spatialLayer);
    await applyLayers(state, temporalLayer);
  }

  async setAudioOnly(peer: MediaPeer, audioOnly: boolean): Promise<void> {
    peer.audioOnly = audioOnly;
    for (const state of peer.consumers.values()) {
      if (state.consumer.kind !== 'video' || state.consumer.closed) continue;
      if (audioOnly) await state.consumer.pause();
      else if (state.resumedByClient) await state.consumer.resume();
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const peerId of [...this.#peers.keys()]) this.removePeer(peerId);
    this.#routers.close();
    this.#producers.clear();
    this.emit('closed');
    this.removeAllListeners();
  }

  /** After a worker died: peers on its slot lost their transports; the origin moves if it was there. */
  #onRouterClosed(slot: number): void {
    if (this.#closed) return;
    for (const peer of this.#peers.values()) {
      if (peer.slot !== slot) continue;
      peer.slot = undefined;
      this.emit('peerMediaLost', peer.id);
    }
    this.#log.warn({ slot }, 'router lost; affected peers told to reconnect');
  }

  #liveOrigin(): number {
    if (this.#pool.slots[this.#originSlot]?.worker.closed) this.#originSlot = this.#pool.leastLoaded().index;
    return this.#originSlot;
  }

  #info(p: ProducerEntry): ProducerInfo {
    return {
      producerId: p.producer.id,
      kind: p.producer.kind,
      source: p.source,
      publisher: p.publisher,
      paused: p.producer.paused,
    };
  }

  #addLoad(slot: number, worker: MediasoupTypes.Worker, delta: number): void {
    const poolSlot = this.#pool.slots[slot];
    if (poolSlot && poolSlot.worker === worker) poolSlot.load = Math.max(0, poolSlot.load + delta);
  }

  #assertOpen(): void {
    if (this.#closed) throw new AppError('CONFLICT', 'The broadcast has ended');
  }
}
