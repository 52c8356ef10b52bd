import { Device, detectDevice } from 'mediasoup-client';
import type {
  ConnectionState,
  Consumer,
  Producer,
  RtpCapabilities,
  RtpParameters,
  Transport,
  TransportOptions,
} from 'mediasoup-client/types';
import type {
  MediaSource,
  ProducerInfo,
  RtpCapabilitiesWire,
  RtpParametersWire,
  ServerToClientEvents,
  TransportOptionsWire,
} from '@diem-cau/shared';
import { request, type AppSocket } from '../../lib/socket';
import { CAMERA_SIMULCAST, SCREEN_ENCODING, withOpusNack } from './encodings';
import type { MediaState, RemoteTrack } from './RemoteTrack';

/**
 * mediasoup-client recognises Chromium by `navigator.userAgentData`, which browsers expose only on
 * HTTPS and localhost, and otherwise by a user-agent pattern that kiosk and headless builds
 * ("HeadlessChrome/…") do not match. A TV on the LAN over plain HTTP is such a page, so Chromium
 * is recognised here by its version when the library does not.
 */
function createDevice(): Device {
  if (detectDevice()) return new Device();
  const chromium = /Chrom(?:e|ium)\/(\d+)/.exec(navigator.userAgent);
  if (chromium && Number(chromium[1]) >= 111 && typeof RTCRtpTransceiver !== 'undefined')
    return new Device({ handlerName: 'Chrome111' });
  return new Device();
}

export interface MediaClientOptions {
  /** Who this page is; its own producers are never consumed. */
  self: { role: string; subject: string };
  /** Receive the session's producers (host console and endpoint screen both do). */
  receive: boolean;
  /** Offer ICE over TCP only (a hall whose firewall drops UDP). */
  tcpOnly?: boolean;
}

export interface ReceiveStats {
  framesDecoded: number;
  audioPackets: number;
  /** When this sample was taken (epoch ms), 0 before the first. */
  at: number;
}

const STATS_INTERVAL_MS = 4_000;
/** A `disconnected` transport that has not come back by itself after this long gets an ICE restart. */
const DISCONNECTED_GRACE_MS = 2_500;
/** Pause before trying a failed ICE restart again (the server or its worker did not answer). */
const ICE_RETRY_MS = 2_000;

type PushName = keyof ServerToClientEvents;
type PushListener = { [K in PushName]: [K, ServerToClientEvents[K]] }[PushName];

function push<K extends PushName>(event: K, listener: ServerToClientEvents[K]): PushListener {
  return [event, listener] as PushListener;
}

/**
 * The page's side of the SFU (mediasoup-client): one receive transport consuming every producer of
 * the session, one send transport when publishing. It recovers by itself: `start()` again after the
 * socket rejoins or the server says `media:reconnect` (everything is recreated and what was
 * published is published again); a transport whose ICE fails gets a server-side and client-side
 * ICE restart.
 */
export class MediaClient {
  readonly #socket: AppSocket;
  readonly #options: MediaClientOptions;
  readonly #device = createDevice();
  readonly #consumers = new Map<string, { consumer: Consumer; info: RemoteTrack }>();
  readonly #producers = new Map<MediaSource, Producer>();
  readonly #published = new Map<MediaSource, MediaStreamTrack>();
  readonly #listeners = new Set<() => void>();
  readonly #pushes: PushListener[];
  /** Transports with an ICE restart in flight. */
  readonly #restarting = new Set<string>();
  #recv: Transport | undefined;
  /** Producers announced while `media:receive` was on its way (its list may predate them). */
  #announcedEarly: ProducerInfo[] = [];
  #send: Transport | undefined;
  #state: MediaState = 'idle';
  #generation = 0;
  #audioOnly = false;
  #weakLink = false;
  #closed = false;
  #statsTimer: ReturnType<typeof setInterval> | undefined;
  #stats: ReceiveStats = { framesDecoded: 0, audioPackets: 0, at: 0 };

  constructor(socket: AppSocket, options: MediaClientOptions) {
    this.#socket = socket;
    this.#options = options;
    this.#pushes = [
      push('media:producerAdded', (info) => void this.#consume(info, this.#generation).catch(() => undefined)),
      push('media:producerClosed', ({ producerId }) => this.#dropWhere((c) => c.info.producerId === producerId)),
      push('media:consumerClosed', ({ consumerId }) => this.#dropWhere((c) => c.info.consumerId === consumerId)),
      push('media:producerPaused', ({ producerId, paused }) =>
        this.#updateWhere((c) => c.info.producerId === producerId, { producerPaused: paused }),
      ),
      push('media:reconnect', () => void this.start().catch(() => undefined)),
      push('media:linkQuality', ({ weak }) => {
        this.#weakLink = weak;
        this.#emit();
      }),
    ];
    for (const [event, listener] of this.#pushes) socket.on(event, listener as never);
    this.#statsTimer = setInterval(() => void this.#reportStats(), STATS_INTERVAL_MS);
  }

  get tracks(): RemoteTrack[] {
    return [...this.#consumers.values()].map((c) => c.info);
  }

  get state(): MediaState {
    return this.#state;
  }

  get stats(): ReceiveStats {
    return this.#stats;
  }

  get audioOnly(): boolean {
    return this.#audioOnly;
  }

  /** The server found this receiver's link too weak for the picture (media:linkQuality). */
  get weakLink(): boolean {
    return this.#weakLink;
  }

  publishing(source: MediaSource): boolean {
    return this.#published.has(source);
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** (Re)creates the transports, consumes every producer and publishes again what was published. */
  async start(): Promise<void> {
    if (this.#closed) return;
    const generation = ++this.#generation;
    this.#teardown();
    this.#setState(this.#state === 'idle' ? 'connecting' : 'reconnecting');
    if (this.#options.receive) {
      // Join → first media in three round trips: this, the consumers, their resume (DTLS in parallel).
      const ready = await request(this.#socket, 'media:receive', {
        tcpOnly: this.#options.tcpOnly ?? false,
        ...(this.#audioOnly ? { audioOnly: true } : {}),
      });
      await this.#loadDevice(ready.rtpCapabilities);
      if (generation !== this.#generation) return;
      this.#recv = this.#setUpTransport('recv', ready.transport, generation);
      const early = this.#announcedEarly.splice(0);
      await this.#consumeAll([...ready.producers, ...early], generation).catch(() => undefined);
    } else {
      const { rtpCapabilities } = await request(this.#socket, 'media:getRouterRtpCapabilities', {});
      await this.#loadDevice(rtpCapabilities);
      if (generation !== this.#generation) return;
    }
    // Publish again what was published (the host after a network blip, the floor holder after a rejoin).
    for (const [source, track] of this.#published) {
      if (track.readyState === 'ended') continue;
      await this.#produce(source, track, generation).catch((error: unknown) => {
        if (generation === this.#generation) throw error;
      });
    }
    if (!this.#recv && !this.#send) this.#setState('connected');
  }

  /** Publishes a track (camera with simulcast, microphone, or screen). */
  async publish(source: MediaSource, track: MediaStreamTrack): Promise<void> {
    this.#published.set(source, track);
    await this.#produce(source, track, this.#generation);
  }

  async unpublish(source: MediaSource): Promise<void> {
    this.#published.delete(source);
    const producer = this.#producers.get(source);
    this.#producers.delete(source);
    if (!producer) return;
    producer.close();
    await request(this.#socket, 'media:closeProducer', { producerId: producer.id }).catch(() => undefined);
  }

  /** Stops publishing everything (the floor was taken back); the local tracks are left to the caller. */
  unpublishAllLocally(): void {
    this.#published.clear();
    for (const producer of this.#producers.values()) producer.close();
    this.#producers.clear();
    this.#send?.close();
    this.#send = undefined;
  }

  async setAudioOnly(audioOnly: boolean): Promise<void> {
    await request(this.#socket, 'media:setAudioOnly', { audioOnly });
    this.#audioOnly = audioOnly;
    this.#emit();
  }

  close(): void {
    this.#closed = true;
    this.#generation++;
    clearInterval(this.#statsTimer);
    for (const [event, listener] of this.#pushes) this.#socket.off(event, listener as never);
    this.#teardown();
    this.#listeners.clear();
  }

  #teardown(): void {
    for (const { consumer } of this.#consumers.values()) consumer.close();
    this.#consumers.clear();
    for (const producer of this.#producers.values()) producer.close();
    this.#producers.clear();
    this.#announcedEarly = [];
    this.#recv?.close();
    this.#send?.close();
    this.#recv = undefined;
    this.#send = undefined;
    this.#weakLink = false;
    this.#emit();
  }

  async #produce(source: MediaSource, track: MediaStreamTrack, generation: number): Promise<void> {
    if (this.#producers.has(source)) return;
    this.#send ??= await this.#createTransport('send', generation);
    if (generation !== this.#generation) return;
    const encodings = source === 'camera' ? CAMERA_SIMULCAST : source === 'screen' ? SCREEN_ENCODING : undefined;
    const producer = await this.#send.produce({
      track,
      ...(encodings ? { encodings } : {}),
      codecOptions:
        // Speech survives loss: in-band FEC, and NACK (mediasoup retransmits lost Opus packets).
        source === 'mic'
          ? { opusStereo: false, opusDtx: true, opusFec: true, opusNack: true }
          : { videoGoogleStartBitrate: 1000 },
      appData: { source },
      stopTracks: false,
    });
    this.#producers.set(source, producer);
  }

  async #loadDevice(routerRtpCapabilities: RtpCapabilitiesWire): Promise<void> {
    if (!this.#device.loaded)
      await this.#device.load({ routerRtpCapabilities: routerRtpCapabilities as RtpCapabilities });
  }

  async #createTransport(direction: 'send' | 'recv', generation: number): Promise<Transport> {
    const options = await request(this.#socket, 'media:createTransport', {
      direction,
      tcpOnly: this.#options.tcpOnly ?? false,
    });
    return this.#setUpTransport(direction, options, generation);
  }

  #setUpTransport(direction: 'send' | 'recv', options: TransportOptionsWire, generation: number): Transport {
    const transportOptions = options as unknown as TransportOptions;
    const transport =
      direction === 'send'
        ? this.#device.createSendTransport(transportOptions)
        : this.#device.createRecvTransport(transportOptions);
    transport.on('connect', ({ dtlsParameters }, callback, errback) => {
      request(this.#socket, 'media:connectTransport', { transportId: transport.id, dtlsParameters }).then(
        () => callback(),
        errback,
      );
    });
    if (direction === 'send') {
      transport.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
        const source = appData.source as MediaSource;
        request(this.#socket, 'media:produce', {
          transportId: transport.id,
          kind,
          source,
          rtpParameters: rtpParameters as RtpParametersWire,
        }).then(({ producerId }) => callback({ id: producerId }), errback);
      });
    }
    transport.on('connectionstatechange', (state) => this.#onConnectionState(transport, state, generation));
    return transport;
  }

  #onConnectionState(transport: Transport, state: ConnectionState, generation: number): void {
    if (generation !== this.#generation || transport.closed) return;
    // Connected while every transport that has started connecting is connected.
    const states = [this.#recv, this.#send]
      .filter((t): t is Transport => t !== undefined && !t.closed)
      .map((t) => t.connectionState);
    if (states.some((s) => s === 'disconnected' || s === 'failed')) this.#setState('reconnecting');
    else if (states.some((s) => s === 'connected')) this.#setState('connected');
    if (state === 'failed') void this.#restartIce(transport, generation);
    if (state === 'disconnected') {
      setTimeout(() => {
        if (transport.connectionState === 'disconnected') void this.#restartIce(transport, generation);
      }, DISCONNECTED_GRACE_MS);
    }
  }

  /**
   * ICE restart of one transport, server side then client side; receive and send transports alike
   * (a publisher whose transport stays failed leaves every receiver without a stream). One restart
   * per transport at a time; retried while the transport stays broken. While the socket is down
   * nothing is sent: the rejoin after it reconnects recreates every transport anyway.
   */
  async #restartIce(transport: Transport, generation: number): Promise<void> {
    if (generation !== this.#generation || transport.closed || this.#restarting.has(transport.id)) return;
    const broken = (): boolean =>
      generation === this.#generation &&
      !transport.closed &&
      (transport.connectionState === 'failed' || transport.connectionState === 'disconnected');
    if (!this.#socket.connected) return;
    this.#restarting.add(transport.id);
    let retry = false;
    try {
      const { iceParameters } = await request(this.#socket, 'media:restartIce', { transportId: transport.id });
      if (generation === this.#generation && !transport.closed) await transport.restartIce({ iceParameters });
    } catch {
      retry = true;
    } finally {
      this.#restarting.delete(transport.id);
    }
    if (retry) {
      setTimeout(() => {
        if (broken()) void this.#restartIce(transport, generation);
      }, ICE_RETRY_MS);
    }
  }

  async #consume(info: ProducerInfo, generation: number): Promise<void> {
    if (!this.#recv && this.#options.receive && generation === this.#generation) {
      this.#announcedEarly.push(info);
      return;
    }
    await this.#consumeAll([info], generation);
  }

  /**
   * Consumes the producers this client does not publish nor consume yet: one request for their
   * consumers, one to resume them all once the local consumers exist.
   */
  async #consumeAll(infos: readonly ProducerInfo[], generation: number): Promise<void> {
    const recv = this.#recv;
    if (!recv || generation !== this.#generation) return;
    const self = this.#options.self;
    const consuming = new Set([...this.#consumers.values()].map((c) => c.info.producerId));
    const wanted = infos.filter(
      (i) => !consuming.has(i.producerId) && !(i.publisher.role === self.role && i.publisher.subject === self.subject),
    );
    if (wanted.length === 0) return;
    const { consumers } = await request(this.#socket, 'media:consumeMany', {
      transportId: recv.id,
      producerIds: wanted.map((i) => i.producerId),
      rtpCapabilities: withOpusNack(this.#device.rtpCapabilities) as RtpCapabilitiesWire,
    });
    if (generation !== this.#generation || recv.closed) return;
    const made: string[] = [];
    for (const data of consumers) {
      // A producer closed meanwhile, or one this connection may not take: the others still play.
      if ('error' in data) continue;
      const consumer = await recv
        .consume({
          id: data.consumerId,
          producerId: data.producerId,
          kind: data.kind,
          rtpParameters: data.rtpParameters as RtpParameters,
        })
        .catch(() => undefined);
      if (!consumer) continue;
      const track: RemoteTrack = {
        consumerId: data.consumerId,
        producerId: data.producerId,
        kind: data.kind,
        source: data.source,
        publisher: data.publisher,
        track: consumer.track,
        producerPaused: data.producerPaused,
      };
      this.#consumers.set(consumer.id, { consumer, info: track });
      made.push(consumer.id);
    }
    if (made.length === 0) return;
    await request(this.#socket, 'media:resumeConsumers', { consumerIds: made });
    this.#emit();
  }

  #dropWhere(match: (c: { info: RemoteTrack }) => boolean): void {
    for (const [id, entry] of this.#consumers) {
      if (!match(entry)) continue;
      entry.consumer.close();
      this.#consumers.delete(id);
    }
    this.#emit();
  }

  #updateWhere(match: (c: { info: RemoteTrack }) => boolean, patch: Partial<RemoteTrack>): void {
    for (const entry of this.#consumers.values()) if (match(entry)) entry.info = { ...entry.info, ...patch };
    this.#emit();
  }

  async #reportStats(): Promise<void> {
    const recv = this.#recv;
    if (!recv || recv.closed || !this.#socket.connected) return;
    let framesDecoded = 0;
    let audioPackets = 0;
    let framesPerSecond: number | undefined;
    const report = await recv.getStats().catch(() => undefined);
    report?.forEach(
      (s: {
        type: string;
        kind?: string;
        framesDecoded?: number;
        packetsReceived?: number;
        framesPerSecond?: number;
      }) => {
        if (s.type !== 'inbound-rtp') return;
        if (s.kind === 'video') {
          framesDecoded += s.framesDecoded ?? 0;
          framesPerSecond = Math.max(framesPerSecond ?? 0, s.framesPerSecond ?? 0);
        }
        if (s.kind === 'audio') audioPackets += s.packetsReceived ?? 0;
      },
    );
    this.#stats = { framesDecoded, audioPackets, at: Date.now() };
    this.#emit();
    const iceState = recv.connectionState === 'connecting' ? 'checking' : recv.connectionState;
    await request(this.#socket, 'media:reportStats', {
      iceState,
      framesDecoded,
      ...(framesPerSecond === undefined ? {} : { framesPerSecond: Math.min(240, framesPerSecond) }),
    }).catch(() => undefined);
  }

  #setState(state: MediaState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.#emit();
  }

  #emit(): void {
    for (const listener of this.#listeners) listener();
  }
}
