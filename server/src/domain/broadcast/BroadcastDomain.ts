import { isStaff, type Identity, type InvitedEndpoint, type MediaSource } from '@diem-cau/shared';
import type { Logger } from '../../logging/logger.js';
import type { BroadcastRoom, ProducerEntry } from '../../media/BroadcastRoom.js';
import type { ConsumerState, MediaPeer } from '../../media/MediaPeer.js';
import type { PipeCascade } from '../../media/cascade/index.js';
import type { MediasoupTypes } from '../../media/mediasoup.js';
import type { AppContext } from '../../context/types.js';
import type { LeaveEvent, SessionService } from '../sessions/index.js';
import { buildAudience, localReception } from './audience.js';
import { AudienceBoard } from './audienceBoard.js';
import { createCascade, joinCascade } from './cascadeWiring.js';
import { broadcastErrors } from './errors.js';
import { ClusterPresence } from './ClusterPresence.js';
import { EndpointPresence } from './EndpointPresence.js';
import { clusterFloorMedia } from './floorMedia.js';
import { FloorService } from './FloorService.js';
import { HandGrace } from './HandGrace.js';
import { LinkRecorder } from './LinkRecorder.js';
import { LinkStore } from './linkStore.js';
import { RollCallService } from './RollCallService.js';
import { RoomRegistry } from './RoomRegistry.js';

/** How often the host's audience table is refreshed from the workers' stats. */
export const AUDIENCE_INTERVAL_MS = 3_000;
const INVITED_CACHE_MS = 30_000;
/**
 * The longest an ended session's room stays open for its closing hooks: as long as a recorder's
 * input timeout (5 s), past which closing the room costs the recording nothing more.
 */
const ROOM_CLOSING_MAX_MS = 5_000;

/**
 * The live broadcast of every session on this node: media rooms, the floor, roll calls, endpoint
 * presence and the host's audience table. Reacts to the sessions domain's hooks (join, leave,
 * live, ended) and to the worker pool (a replaced worker gets its routers back).
 */
export class BroadcastDomain {
  readonly rooms: RoomRegistry;
  /** Media across nodes: producers published elsewhere are piped in when receivers here want them. */
  readonly cascade: PipeCascade;
  /** What the endpoints of every node receive, for the host's table. */
  readonly #board: AudienceBoard;
  /** Which endpoints are connected to each session, on any node (in Redis). */
  readonly presence: ClusterPresence;
  /** The endpoints connected to this node, for what this node measures of them (link quality). */
  readonly #here = new EndpointPresence();
  readonly floor: FloorService;
  readonly rollCalls: RollCallService;
  /** Each endpoint's link quality record (sampled here, on the server). */
  readonly links: LinkRecorder;
  readonly sessions: SessionService;
  readonly #ctx: AppContext;
  readonly #log: Logger;
  readonly #invitedCache = new Map<string, { at: number; list: InvitedEndpoint[] }>();
  #audienceTimer: NodeJS.Timeout | undefined;
  readonly #roomOpened: ((room: BroadcastRoom) => void)[] = [];
  /** Run when a session ends, before its room (and every producer in it) closes. */
  readonly #roomClosing: ((sessionId: string) => Promise<void>)[] = [];
  /** Raised hands of disconnected endpoints, lowered after the grace period (a cluster timer). */
  readonly #hands: HandGrace;
  /** What one connection may hold (MEDIA_MAX_TRANSPORTS_PER_CONNECTION, MEDIA_MAX_CONSUMERS_PER_CONNECTION). */
  readonly #maxTransports: number;
  readonly #maxConsumers: number;

  constructor(ctx: AppContext, sessions: SessionService) {
    this.#ctx = ctx;
    this.#log = ctx.log.child({ module: 'broadcast' });
    this.#maxTransports = ctx.config.broadcast.maxTransportsPerConnection;
    this.#maxConsumers = ctx.config.broadcast.maxConsumersPerConnection;
    this.sessions = sessions;
    this.rooms = new RoomRegistry({
      pool: ctx.media,
      settings: { listenIps: ctx.rtc.listenIps },
      log: this.#log,
      isLive: async (sessionId) => (await this.sessions.getSession(sessionId))?.status === 'live',
      onCreated: (room) => {
        this.#wire(room);
        for (const listener of this.#roomOpened) listener(room);
      },
    });
    this.cascade = createCascade(ctx, this.rooms, this.#log);
    // Receivers here consume a lost copy afresh (the client skips producers it already consumes).
    this.cascade.on('copyLost', (sessionId, info) =>
      ctx.live.emit({ session: sessionId }, 'media:producerAdded', info, { localOnly: true }),
    );
    this.#board = new AudienceBoard({
      redis: ctx.redis.main,
      redisPrefix: ctx.redisPrefix,
      nodeId: ctx.node.id,
      staleMs: AUDIENCE_INTERVAL_MS * 2.5,
    });
    this.floor = new FloorService({
      redis: ctx.redis.main,
      redisPrefix: ctx.redisPrefix,
      media: clusterFloorMedia(ctx, {
        room: (sessionId) => this.rooms.existing(sessionId),
        presence: () => this.presence,
        log: this.#log,
      }),
    });
    this.#hands = new HandGrace({
      timers: ctx.timers,
      floor: this.floor,
      isConnected: async (sessionId, endpointId) => (await this.presence.get(sessionId, endpointId)) !== undefined,
      graceMs: ctx.config.broadcast.handGraceSeconds * 1000,
    });
    this.presence = new ClusterPresence({
      redis: ctx.redis.main,
      redisPrefix: ctx.redisPrefix,
      node: ctx.node,
      log: this.#log.child({ part: 'presence' }),
      // The last screen of an endpoint was on a node that died: as if it had disconnected.
      onGone: (sessionId, endpointId) => this.#hands.left(sessionId, endpointId, 'disconnect'),
    });
    this.rollCalls = new RollCallService(ctx.db, ctx.timers, (sessionId, state) =>
      ctx.live.emit({ session: sessionId }, 'rollcall:state', state),
    );
    this.links = new LinkRecorder({
      store: new LinkStore(ctx.db),
      log: this.#log.child({ part: 'link-quality' }),
      sampleMs: ctx.config.broadcast.linkSampleSeconds * 1000,
      graceMs: ctx.config.attendance.graceSeconds * 1000,
      rooms: () => this.rooms.all(),
      isPresent: (sessionId, endpointId) => this.#here.get(sessionId, endpointId) !== undefined,
    });
  }

  /** Tells `listener` of every media room this node opens (the recorder follows the live rooms). */
  onRoomOpened(listener: (room: BroadcastRoom) => void): void {
    this.#roomOpened.push(listener);
  }

  /**
   * Work to finish while the ended session's media still flows (a recorder closing its last segment
   * needs a packet to leave its input loop); the room waits for it, at most ROOM_CLOSING_MAX_MS.
   */
  onRoomClosing(hook: (sessionId: string) => Promise<void>): void {
    this.#roomClosing.push(hook);
  }

  start(): void {
    const hooks = this.sessions.hooks;
    const leave = async ({ sessionId, identity, socketId, reason }: LeaveEvent): Promise<void> => {
      this.rooms.existing(sessionId)?.removePeer(socketId);
      if (identity.role !== 'endpoint') return;
      if (this.#here.leave(sessionId, identity.subject, socketId))
        this.links.endpointLeft(sessionId, identity.subject, reason);
      // Not the other domains' leave: a Redis out of reach now leaves the socket to the lease (the
      // entry goes with this node) and the hand raised.
      try {
        if (await this.presence.leave(sessionId, identity.subject, socketId))
          await this.#hands.left(sessionId, identity.subject, reason);
      } catch (err) {
        this.#log.warn({ err, sessionId }, 'could not record an endpoint’s leave in the cluster presence');
      }
    };
    hooks.onJoin(
      async ({ sessionId, identity, socketId }) => {
        if (identity.role !== 'endpoint') return;
        const name = endpointName(identity);
        await this.presence.join(sessionId, identity.subject, name, socketId);
        this.#here.join(sessionId, identity.subject, name, socketId);
        await this.#hands.back(sessionId, identity.subject);
        this.links.endpointJoined(sessionId, identity.subject);
        // Connected after an open roll call started: expected to answer it too (not awaited by the join).
        this.rollCalls
          .addExpected(sessionId, [{ endpointId: identity.subject, name }])
          .catch((err: unknown) =>
            this.#log.warn({ err, sessionId }, 'could not add a late endpoint to the roll call'),
          );
      },
      { undo: leave },
    );
    hooks.onLeave(leave);
    hooks.onStatusChange(async (change, trx) => {
      if (change.to === 'ended') await this.links.sessionEnded(trx, change.sessionId, change.at);
    });
    hooks.onStatusChange((change) => {
      if (change.to === 'ended') this.#end(change.sessionId);
      // Open the room once the transaction has committed (its creation reads the session).
      if (change.to === 'live')
        setImmediate(
          () =>
            void this.rooms
              .get(change.sessionId)
              .catch((err: unknown) => this.#log.error({ err, sessionId: change.sessionId }, 'could not open room')),
        );
    });
    this.#ctx.media.on('workerReplaced', (slot) => {
      for (const room of this.rooms.all()) {
        room
          .prepareSlot(slot.index)
          .catch((err: unknown) => this.#log.error({ err, slot: slot.index }, 'could not recreate router'));
      }
    });
    this.cascade.start();
    this.#audienceTimer = setInterval(() => void this.#pushAudiences(), AUDIENCE_INTERVAL_MS);
    this.#audienceTimer.unref();
    this.links.start();
    this.presence.start();
  }

  async stop(): Promise<void> {
    clearInterval(this.#audienceTimer);
    await this.links.stop();
    await this.presence.stop();
    this.cascade.stop();
    this.rooms.closeAll();
  }

  /** The host's table, with the reception of the endpoints every node serves (the audience board). */
  async audience(sessionId: string) {
    return buildAudience(
      sessionId,
      await this.#invited(sessionId),
      await this.presence.list(sessionId),
      await this.#board.read(sessionId),
    );
  }

  #end(sessionId: string): void {
    const closing = Promise.all(
      this.#roomClosing.map((hook) =>
        hook(sessionId).catch((err: unknown) => this.#log.warn({ err, sessionId }, 'room closing hook failed')),
      ),
    );
    let timer: NodeJS.Timeout | undefined;
    const cap = new Promise<void>((resolve) => (timer = setTimeout(resolve, ROOM_CLOSING_MAX_MS)));
    void Promise.race([closing, cap]).then(() => {
      clearTimeout(timer);
      this.rooms.close(sessionId);
    });
    this.cascade
      .sessionEnded(sessionId)
      .catch((err: unknown) => this.#log.warn({ err, sessionId }, 'cascade: could not drop the directory'));
    // A hand grace timer still set for the session finds no hand raised and does nothing.
    Promise.all([this.floor.clear(sessionId), this.presence.clear(sessionId)]).catch((err: unknown) =>
      this.#log.warn({ err, sessionId }, 'could not clear the floor and presence'),
    );
    this.#board.drop(sessionId).catch(() => undefined); // it also expires by itself
    this.#invitedCache.delete(sessionId);
  }

  async #invited(sessionId: string): Promise<InvitedEndpoint[]> {
    const cached = this.#invitedCache.get(sessionId);
    if (cached && Date.now() - cached.at < INVITED_CACHE_MS) return cached.list;
    const list = await this.sessions.listInvitedEndpoints(sessionId);
    this.#invitedCache.set(sessionId, { at: Date.now(), list });
    return list;
  }

  // ---- staff actions: the actor must manage the session now, not only when it joined ---------------
  // Each reads the session (its host may have been replaced since the socket joined); no cache, as
  // these are a person's clicks, not a stream of requests.

  /** Gives the floor to an endpoint connected to the session (CONFLICT when it is not). */
  async grantFloor(actor: Identity, sessionId: string, endpointId: string) {
    await this.sessions.requireManaged(actor, sessionId);
    const present = await this.presence.get(sessionId, endpointId);
    if (!present) throw broadcastErrors.endpointNotConnected();
    return this.floor.grant(sessionId, endpointId, present.name);
  }

  async revokeFloor(actor: Identity, sessionId: string) {
    await this.sessions.requireManaged(actor, sessionId);
    return this.floor.revoke(sessionId);
  }

  async muteFloor(actor: Identity, sessionId: string, muted: boolean) {
    await this.sessions.requireManaged(actor, sessionId);
    return this.floor.mute(sessionId, muted);
  }

  /** Starts a roll call of the endpoints connected now (only while the session is live). */
  async startRollCall(actor: Identity, sessionId: string, durationSeconds: number) {
    await this.sessions.requireManaged(actor, sessionId);
    await this.rooms.get(sessionId); // only while the session is live
    const present = async () =>
      (await this.presence.list(sessionId)).map((p) => ({ endpointId: p.endpointId, name: p.name }));
    const started = await this.rollCalls.start(sessionId, actor.subject, durationSeconds, await present());
    // An endpoint that joined while the roll call was being stored is expected as well.
    const listed = new Set(started.expected.map((e) => e.endpointId));
    const late = (await present()).filter((e) => !listed.has(e.endpointId));
    return (await this.rollCalls.addExpected(sessionId, late)) ?? started;
  }

  /**
   * Staff publish anything while they manage the session (checked on each call); an endpoint
   * publishes its camera and microphone while it holds the floor.
   */
  async assertMayPublish(identity: Identity, sessionId: string, source?: MediaSource): Promise<void> {
    if (isStaff(identity.role)) {
      await this.sessions.requireManaged(identity, sessionId);
      return;
    }
    if (identity.role === 'endpoint' && source !== 'screen' && (await this.floor.holds(sessionId, identity.subject)))
      return;
    throw broadcastErrors.mayNotPublish();
  }

  // ---- what one connection may hold ----------------------------------------------------------------

  /**
   * A WebRTC transport for a connection, within its limit: a send transport only for a publisher.
   * At the limit, send transports that carry nothing (dropped by the client when the floor was taken
   * back) are closed first; then the request is refused (CONFLICT).
   */
  async createTransport(
    identity: Identity,
    media: { sessionId: string; room: BroadcastRoom; peer: MediaPeer },
    direction: 'send' | 'recv',
    tcpOnly: boolean,
  ): Promise<MediasoupTypes.WebRtcTransport> {
    const { sessionId, room, peer } = media;
    if (direction === 'send') await this.assertMayPublish(identity, sessionId);
    // No await from here to the room's call: it counts the new transport from its first line.
    if (peer.transportCount() >= this.#maxTransports) room.closeIdleSendTransports(peer);
    if (peer.transportCount() >= this.#maxTransports) throw broadcastErrors.tooManyTransports(this.#maxTransports);
    return room.createTransport(peer, direction, tcpOnly);
  }

  /**
   * A consumer for a connection: at most one per producer (CONFLICT for a second on the same
   * transport, or while the first is being created; one on a newer receive transport replaces the
   * old, see BroadcastRoom.consume), and at most the connection's limit (CONFLICT).
   */
  async consume(
    media: { room: BroadcastRoom; peer: MediaPeer },
    transportId: string,
    producerId: string,
    rtpCapabilities: MediasoupTypes.RtpCapabilities,
  ): Promise<{ state: ConsumerState; entry: ProducerEntry }> {
    const { room, peer } = media;
    const current = peer.consumerOf(producerId);
    if (peer.consuming.has(producerId) || current?.transportId === transportId)
      throw broadcastErrors.alreadyConsuming();
    if (peer.consumerCount() - (current ? 1 : 0) >= this.#maxConsumers)
      throw broadcastErrors.tooManyConsumers(this.#maxConsumers);
    return room.consume(peer, transportId, producerId, rtpCapabilities);
  }

  async #pushAudiences(): Promise<void> {
    for (const room of this.rooms.all()) {
      try {
        // Each node shares what its own endpoints receive, and pushes the whole table to the hosts
        // connected to it (a push to every node's hosts would reach each host once per node).
        await this.#board.publish(room.sessionId, await localReception(room));
        const hosts = { session: room.sessionId, role: 'host' } as const;
        if (!this.#ctx.live.hasLocal(hosts)) continue;
        this.#ctx.live.emit(hosts, 'media:audience', await this.audience(room.sessionId), { localOnly: true });
      } catch (err) {
        this.#log.warn({ err, sessionId: room.sessionId }, 'audience refresh failed');
      }
    }
  }

  #wire(room: BroadcastRoom): void {
    joinCascade(room, this.cascade, this.#log);
    const live = this.#ctx.live;
    const everyone = { session: room.sessionId };
    room.on('producerAdded', (info) => live.emit(everyone, 'media:producerAdded', info));
    room.on('producerClosed', (producerId) => live.emit(everyone, 'media:producerClosed', { producerId }));
    room.on('producerPaused', (producerId, paused) =>
      live.emit(everyone, 'media:producerPaused', { producerId, paused }),
    );
    // A peer is its socket: its id is the socket's.
    room.on('consumerClosed', (peerId, consumerId) =>
      live.emit({ socket: peerId }, 'media:consumerClosed', { consumerId }),
    );
    room.on('consumerLayers', (peerId, consumerId, spatialLayer) =>
      live.emit({ socket: peerId }, 'media:consumerLayers', { consumerId, spatialLayer }),
    );
    room.on('linkQuality', (peerId, weak) => live.emit({ socket: peerId }, 'media:linkQuality', { weak }));
    room.on('peerMediaLost', (peerId) => {
      this.links.peerMediaLost(room, peerId);
      live.emit({ socket: peerId }, 'media:reconnect', { reason: 'workerReplaced' });
    });
  }
}

export function endpointName(identity: Identity): string {
  return identity.displayName ?? identity.subject;
}
