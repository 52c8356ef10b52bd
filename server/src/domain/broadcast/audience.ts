import type { Audience, AudienceRow, InvitedEndpoint } from '@diem-cau/shared';
import type { BroadcastRoom } from '../../media/BroadcastRoom.js';
import type { MediaPeer } from '../../media/MediaPeer.js';
import type { ReceptionStats as MediaStats } from './audienceBoard.js';
import type { PresentEndpoint } from './ClusterPresence.js';

const NO_STATS: MediaStats = {
  audioOnly: false,
  spatialLayer: null,
  bitrate: null,
  packetLoss: null,
  rttMs: null,
  iceProtocol: null,
  clientIceState: null,
  framesPerSecond: null,
};

/** What one receiving connection gets, from its transport's and video consumer's stats. */
async function peerStats(peer: MediaPeer): Promise<MediaStats> {
  const stats: MediaStats = {
    ...NO_STATS,
    audioOnly: peer.audioOnly,
    clientIceState: peer.clientStats?.iceState ?? null,
    framesPerSecond: peer.clientStats?.framesPerSecond ?? null,
  };
  const transport = peer.recvTransport();
  if (transport) {
    const [t] = await transport.getStats().catch(() => []);
    const protocol = t?.iceSelectedTuple?.protocol;
    if (protocol === 'udp' || protocol === 'tcp') stats.iceProtocol = protocol;
    if (t) stats.bitrate = t.sendBitrate;
  }
  // Prefer the camera; the screen share when it is all there is.
  const video = [...peer.consumers.values()]
    .filter((c) => c.consumer.kind === 'video' && !c.consumer.closed)
    .sort((a, b) => (a.source === 'camera' ? -1 : 0) - (b.source === 'camera' ? -1 : 0))[0];
  if (video) {
    stats.spatialLayer = video.consumer.currentLayers?.spatialLayer ?? null;
    const outbound = (await video.consumer.getStats().catch(() => [])).find((s) => s.type === 'outbound-rtp');
    if (outbound) {
      // fractionLost is RTCP's 8-bit fixed point fraction (0–255).
      stats.packetLoss = outbound.fractionLost / 256;
      stats.rttMs = outbound.roundTripTime ?? null;
    }
  }
  return stats;
}

/** What each endpoint served by this node receives, from its best-served connection here. */
export async function localReception(room: BroadcastRoom | undefined): Promise<Map<string, MediaStats>> {
  const peersByEndpoint = new Map<string, MediaPeer>();
  for (const peer of room?.peers() ?? []) {
    if (peer.identity.role !== 'endpoint') continue;
    const known = peersByEndpoint.get(peer.identity.subject);
    if (!known || (!known.recvTransport() && peer.recvTransport())) peersByEndpoint.set(peer.identity.subject, peer);
  }
  const rows = new Map<string, MediaStats>();
  for (const [endpointId, peer] of peersByEndpoint) rows.set(endpointId, await peerStats(peer));
  return rows;
}

/**
 * The host's audience table: every invited endpoint (grouped by district by the client), whether
 * it is connected and since when, and what it receives (`reception`: from every node, by endpoint).
 */
export function buildAudience(
  sessionId: string,
  invited: InvitedEndpoint[],
  present: PresentEndpoint[],
  reception: ReadonlyMap<string, MediaStats>,
  now = Date.now(),
): Audience {
  const presentById = new Map(present.map((p) => [p.endpointId, p]));
  const base = invited.map((e) => ({
    endpointId: e.endpointId,
    name: e.endpointName,
    district: e.districtName ?? e.unitName,
  }));
  for (const p of present)
    if (!base.some((b) => b.endpointId === p.endpointId))
      base.push({ endpointId: p.endpointId, name: p.name, district: '' });

  const rows = base.map((b): AudienceRow => {
    const presence = presentById.get(b.endpointId);
    const stats = (presence && reception.get(b.endpointId)) || NO_STATS;
    return { ...b, connected: Boolean(presence), connectedSince: presence?.since ?? null, ...stats };
  });
  return { sessionId, at: now, connected: rows.filter((r) => r.connected).length, invited: invited.length, rows };
}
