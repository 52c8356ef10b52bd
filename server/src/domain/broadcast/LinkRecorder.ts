import type { OutageCause } from '@diem-cau/shared';
import type { Logger } from '../../logging/logger.js';
import type { BroadcastRoom } from '../../media/BroadcastRoom.js';
import { peerLinkState, probeLink, receiveTransport, type LinkProbe } from '../../media/linkProbe.js';
import type { MediaPeer } from '../../media/MediaPeer.js';
import { SerialQueue } from '../../media/SerialQueue.js';
import type { Executor } from '../../store/database.js';
import type { LinkMinuteRow, LinkStore } from './linkStore.js';

/** How often the endpoints' link states are checked (plain reads, no request to the workers). */
export const LINK_WATCH_MS = 1_000;
/** An endpoint heard of for no sample over this long (and at least one sample) is silent: its link is cut. */
export const MIN_SILENCE_MS = 5_000;
/** getStats requests in flight at once, so 300 endpoints never flood a worker's channel. */
const PROBES_IN_FLIGHT = 16;

const iso = (ms: number): string => new Date(ms).toISOString();
const minuteOf = (ms: number): string => iso(Math.floor(ms / 60_000) * 60_000);

interface OpenPeriod {
  /** Set once its row is stored (writes run in order, so a close always finds it). */
  id: string | undefined;
  startedAt: number;
  cause: string;
}

interface EndpointLink {
  /** Its media has been up in this session (on this node): from then on, down is an outage. */
  everUp: boolean;
  outage?: OpenPeriod;
  audioOnly?: OpenPeriod;
  /** When its last socket dropped; it is a departure if it is not back within the grace. */
  droppedAt?: number;
  graceTimer?: NodeJS.Timeout;
  /** When its mediasoup worker died under it. */
  lostWorkerAt?: number;
}

/** What has been heard from the endpoint on one receive transport. */
interface Heard {
  bytes: number;
  heardAt: number;
  /** Samples in a row with nothing new. */
  quiet: number;
}

/** One sample as it is added into the endpoint's row for the minute. */
export function sampleRow(sessionId: string, endpointId: string, at: number, ms: number, p: LinkProbe): LinkMinuteRow {
  // The top layer and any above it count as the top (three layers are published).
  const layer = p.video && p.spatialLayer !== null ? Math.min(2, Math.max(0, p.spatialLayer)) : null;
  return {
    session_id: sessionId,
    endpoint_id: endpointId,
    minute: minuteOf(at),
    samples: 1,
    sampled_ms: ms,
    video_ms: p.video ? ms : 0,
    layer0_ms: layer === 0 ? ms : 0,
    layer1_ms: layer === 1 ? ms : 0,
    layer2_ms: layer === 2 ? ms : 0,
    audio_only_ms: p.audioOnly ? ms : 0,
    bitrate_samples: p.bitrate === null ? 0 : 1,
    bitrate_sum: p.bitrate ?? 0,
    bitrate_min: p.bitrate,
    loss_samples: p.fractionLost === null ? 0 : 1,
    loss_sum: p.fractionLost ?? 0,
    loss_max: p.fractionLost,
    rtt_samples: p.rttMs === null ? 0 : 1,
    rtt_sum: p.rttMs ?? 0,
    score_min: p.score,
    last_at: iso(at),
  };
}

/** The endpoints' peers of a room, by endpoint. */
function endpointPeers(room: BroadcastRoom): Map<string, MediaPeer[]> {
  const byEndpoint = new Map<string, MediaPeer[]>();
  for (const peer of room.peers()) {
    if (peer.identity.role !== 'endpoint') continue;
    const list = byEndpoint.get(peer.identity.subject);
    if (list) list.push(peer);
    else byEndpoint.set(peer.identity.subject, [peer]);
  }
  return byEndpoint;
}

export interface LinkRecorderOptions {
  store: LinkStore;
  log: Logger;
  /** LINK_SAMPLE_SECONDS in ms. */
  sampleMs: number;
  /** ATTENDANCE_GRACE_SECONDS in ms: a dropped socket back within it was an outage, else a departure. */
  graceMs: number;
  rooms: () => BroadcastRoom[];
  isPresent: (sessionId: string, endpointId: string) => boolean;
}

/**
 * The quality record of every endpoint's link on this node, measured by the server. Every
 * LINK_SAMPLE_SECONDS it asks the workers for each endpoint's receive transport and main stream
 * (layer, bitrate, loss, round trip, score) and adds the sample into the endpoint's minute row; every
 * second it checks, from plain reads, whether each endpoint's media is up. An endpoint whose media
 * was up and goes down has an outage, stored when it starts and closed when the media is back: its
 * socket dropped (an outage only if it is back within the grace, else a departure), its worker died,
 * ICE or DTLS failed, its receive transport closed, or nothing was heard from it for a while (a cut
 * link that its socket has not noticed yet). Audio-only periods are stored the same way.
 */
export class LinkRecorder {
  readonly #o: LinkRecorderOptions;
  readonly #links = new Map<string, EndpointLink>();
  readonly #heard = new Map<string, Heard>();
  readonly #writes = new SerialQueue();
  readonly #quietSamples: number;
  #watchTimer: NodeJS.Timeout | undefined;
  #sampleTimer: NodeJS.Timeout | undefined;
  #sampling: Promise<void> | undefined;

  constructor(options: LinkRecorderOptions) {
    this.#o = options;
    this.#quietSamples = Math.max(1, Math.ceil(MIN_SILENCE_MS / options.sampleMs));
  }

  start(): void {
    this.#watchTimer = setInterval(() => this.#watch(Date.now()), LINK_WATCH_MS);
    this.#watchTimer.unref();
    this.#sampleTimer = setInterval(() => {
      this.#sampling ??= this.#sample(Date.now())
        .catch((err: unknown) => this.#o.log.warn({ err }, 'link sample failed'))
        .finally(() => (this.#sampling = undefined));
    }, this.#o.sampleMs);
    this.#sampleTimer.unref();
  }

  /** Stops sampling; open periods stay open in the store and are closed when the endpoint is back. */
  async stop(): Promise<void> {
    clearInterval(this.#watchTimer);
    clearInterval(this.#sampleTimer);
    for (const link of this.#links.values()) clearTimeout(link.graceTimer);
    this.#links.clear();
    await this.#sampling;
    await this.#writes.push(async () => undefined);
  }

  /** A screen of the endpoint joined: a dropped socket is back (its outage lasts until its media is). */
  endpointJoined(sessionId: string, endpointId: string): void {
    const link = this.#links.get(`${sessionId}|${endpointId}`);
    if (!link) return;
    clearTimeout(link.graceTimer);
    link.graceTimer = undefined;
    link.droppedAt = undefined;
  }

  /** The endpoint's last screen on this node left on purpose, or its socket dropped. */
  endpointLeft(sessionId: string, endpointId: string, reason: 'leave' | 'disconnect', now = Date.now()): void {
    const key = `${sessionId}|${endpointId}`;
    const link = this.#links.get(key);
    if (!link) return;
    if (reason === 'leave') {
      this.#end(link, 'outage', now);
      this.#end(link, 'audioOnly', now);
      clearTimeout(link.graceTimer);
      this.#links.delete(key);
      return;
    }
    link.droppedAt = now;
    this.#evaluate(sessionId, endpointId, [], now);
    clearTimeout(link.graceTimer);
    link.graceTimer = setTimeout(() => this.#departed(sessionId, endpointId), this.#o.graceMs);
    link.graceTimer.unref();
  }

  /** The worker under a peer died (BroadcastRoom's peerMediaLost): its transports are gone. */
  peerMediaLost(room: BroadcastRoom, peerId: string, now = Date.now()): void {
    const peer = room.peer(peerId);
    if (peer?.identity.role !== 'endpoint') return;
    const endpointId = peer.identity.subject;
    const link = this.#links.get(`${room.sessionId}|${endpointId}`);
    if (!link) return;
    link.lostWorkerAt ??= now;
    this.#evaluate(room.sessionId, endpointId, endpointPeers(room).get(endpointId) ?? [], now);
  }

  /**
   * The session ended (in its status change's transaction): open periods end with it. The same is
   * done again after the writes already queued, which may open a period after this transaction.
   */
  async sessionEnded(trx: Executor, sessionId: string, at: string): Promise<void> {
    for (const [key, link] of [...this.#links]) {
      if (!key.startsWith(`${sessionId}|`)) continue;
      clearTimeout(link.graceTimer);
      this.#links.delete(key);
    }
    await this.#o.store.endSession(sessionId, at, trx);
    setImmediate(() => this.#write(() => this.#o.store.endSession(sessionId, at)));
  }

  // ---- every second: is each endpoint's media up? ----------------------------------------------

  #watch(now: number): void {
    for (const room of this.#o.rooms()) {
      if (room.closed) continue;
      const byEndpoint = endpointPeers(room);
      for (const [endpointId, peers] of byEndpoint) this.#evaluate(room.sessionId, endpointId, peers, now);
      for (const key of this.#links.keys()) {
        const [sessionId, endpointId] = key.split('|') as [string, string];
        if (sessionId === room.sessionId && !byEndpoint.has(endpointId)) this.#evaluate(sessionId, endpointId, [], now);
      }
    }
  }

  #live(peer: MediaPeer): boolean {
    return peerLinkState(peer) === 'up' && this.#silentSince(peer) === undefined;
  }

  #silentSince(peer: MediaPeer): number | undefined {
    const heard = this.#heard.get(receiveTransport(peer)?.id ?? '');
    return heard && heard.quiet >= this.#quietSamples ? heard.heardAt : undefined;
  }

  #evaluate(sessionId: string, endpointId: string, peers: MediaPeer[], now: number): void {
    const key = `${sessionId}|${endpointId}`;
    let link = this.#links.get(key);
    const live = peers.filter((p) => this.#live(p));
    if (live.length > 0) {
      if (!link) this.#links.set(key, (link = { everUp: false }));
      if (!link.everUp) {
        link.everUp = true;
        // Periods a node that went away (or another screen's node) left open end now.
        this.#write(() => this.#o.store.closeOpenOf(sessionId, endpointId, iso(now)));
      }
      this.#end(link, 'outage', now);
      link.lostWorkerAt = undefined;
      const audioOnly = live.every((p) => p.audioOnly);
      if (audioOnly && !link.audioOnly)
        link.audioOnly = this.#open(sessionId, endpointId, 'audio_only', 'requested', now);
      if (!audioOnly) this.#end(link, 'audioOnly', now);
      return;
    }
    if (!link?.everUp) return;
    this.#end(link, 'audioOnly', now);
    if (link.outage) return;
    const { cause, startedAt } = this.#cause(link, peers, now);
    link.outage = this.#open(sessionId, endpointId, 'outage', cause, startedAt);
    this.#o.log.info({ sessionId, endpointId, cause }, 'endpoint media down');
  }

  #cause(link: EndpointLink, peers: MediaPeer[], now: number): { cause: OutageCause; startedAt: number } {
    if (peers.length === 0 || link.droppedAt !== undefined)
      return { cause: 'socket', startedAt: link.droppedAt ?? now };
    if (link.lostWorkerAt !== undefined) return { cause: 'worker', startedAt: link.lostWorkerAt };
    const states = peers.map((p) => peerLinkState(p));
    if (states.includes('ice')) return { cause: 'ice', startedAt: now };
    if (states.includes('dtls')) return { cause: 'dtls', startedAt: now };
    const silent = peers.map((p) => this.#silentSince(p)).filter((t): t is number => t !== undefined);
    if (silent.length > 0) return { cause: 'silent', startedAt: Math.min(...silent) };
    return { cause: 'transport', startedAt: now };
  }

  /** The grace passed and the endpoint is not back: its dropped socket was a departure. */
  #departed(sessionId: string, endpointId: string): void {
    const key = `${sessionId}|${endpointId}`;
    const link = this.#links.get(key);
    if (!link || link.droppedAt === undefined || this.#o.isPresent(sessionId, endpointId)) return;
    const droppedAt = link.droppedAt;
    const outage = link.outage;
    if (outage?.cause === 'socket') this.#write(async () => outage.id && this.#o.store.dropPeriod(outage.id));
    else this.#end(link, 'outage', droppedAt);
    link.outage = undefined;
    this.#end(link, 'audioOnly', droppedAt);
    this.#links.delete(key);
  }

  #open(sessionId: string, endpointId: string, kind: 'outage' | 'audio_only', cause: string, at: number): OpenPeriod {
    const period: OpenPeriod = { id: undefined, startedAt: at, cause };
    this.#write(async () => {
      period.id = await this.#o.store.openPeriod({
        session_id: sessionId,
        endpoint_id: endpointId,
        kind,
        cause,
        started_at: iso(at),
      });
    });
    return period;
  }

  #end(link: EndpointLink, which: 'outage' | 'audioOnly', at: number): void {
    const period = link[which];
    if (!period) return;
    link[which] = undefined;
    const endedAt = iso(Math.max(at, period.startedAt));
    this.#write(async () => period.id && this.#o.store.closePeriod(period.id, endedAt));
  }

  #write(task: () => Promise<unknown>): void {
    this.#writes.push(task).catch((err: unknown) => this.#o.log.warn({ err }, 'link quality record write failed'));
  }

  // ---- every LINK_SAMPLE_SECONDS: measure each endpoint ----------------------------------------

  async #sample(now: number): Promise<void> {
    const jobs: { sessionId: string; endpointId: string; peer: MediaPeer }[] = [];
    for (const room of this.#o.rooms()) {
      if (room.closed) continue;
      for (const [endpointId, peers] of endpointPeers(room))
        for (const peer of peers)
          if (receiveTransport(peer)) jobs.push({ sessionId: room.sessionId, endpointId, peer });
    }
    const probes = new Map<string, { peer: MediaPeer; probe: LinkProbe }[]>();
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < jobs.length) {
        const job = jobs[next++]!;
        const probe = await probeLink(job.peer);
        if (!probe) continue;
        this.#hear(probe, now);
        const key = `${job.sessionId}|${job.endpointId}`;
        const list = probes.get(key);
        if (list) list.push({ peer: job.peer, probe });
        else probes.set(key, [{ peer: job.peer, probe }]);
      }
    };
    await Promise.all(Array.from({ length: Math.min(PROBES_IN_FLIGHT, jobs.length) }, lane));
    this.#forgetClosedTransports(jobs.map((j) => j.peer));

    const rows: LinkMinuteRow[] = [];
    for (const [key, list] of probes) {
      // One sample per endpoint: its best-served live screen.
      const best = list
        .filter(({ peer }) => this.#live(peer))
        .sort(
          (a, b) => Number(b.probe.video) - Number(a.probe.video) || (b.probe.bitrate ?? 0) - (a.probe.bitrate ?? 0),
        )[0];
      if (!best) continue;
      const [sessionId, endpointId] = key.split('|') as [string, string];
      rows.push(sampleRow(sessionId, endpointId, now, this.#o.sampleMs, best.probe));
    }
    await this.#o.store.addSamples(rows);
    // A silence found by this sample opens its outage now rather than at the next watch.
    this.#watch(now);
  }

  #hear(probe: LinkProbe, now: number): void {
    const heard = this.#heard.get(probe.transportId);
    if (!heard || probe.bytesReceived > heard.bytes)
      this.#heard.set(probe.transportId, { bytes: probe.bytesReceived, heardAt: now, quiet: 0 });
    else heard.quiet++;
  }

  #forgetClosedTransports(peers: MediaPeer[]): void {
    const open = new Set<string>();
    for (const peer of peers) for (const id of peer.transports.keys()) open.add(id);
    for (const id of [...this.#heard.keys()]) if (!open.has(id)) this.#heard.delete(id);
  }
}
