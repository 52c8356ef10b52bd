import os from 'node:os';
import type { MediasoupTypes } from './mediasoup.js';

/** What the WebRTC transports bind and announce, with the reason, for the start banner. */
export interface RtcAddressPlan {
  listenIps: MediasoupTypes.TransportListenIp[];
  /** The addresses browsers will see in ICE candidates. */
  announced: string[];
  reason: 'explicit' | 'specific-listen-ip' | 'interfaces' | 'loopback-only';
}

type Interfaces = ReturnType<typeof os.networkInterfaces>;

const WILDCARDS = new Set(['0.0.0.0', '::', '']);

/**
 * Chooses the listen/announce pairs of every WebRTC transport. A candidate carrying 0.0.0.0 is
 * unreachable for every browser, so a wildcard listen address without an explicit announced one
 * binds each of the machine's own non-internal IPv4 addresses instead (browsers on the LAN and on
 * this machine reach those; Chromium ignores loopback UDP candidates). A machine with no such
 * address (a laptop off the network) falls back to loopback, which serves its own browser.
 */
export function planRtcAddresses(
  listenIp: string,
  announcedIp: string | undefined,
  interfaces: Interfaces = os.networkInterfaces(),
): RtcAddressPlan {
  if (announcedIp && !WILDCARDS.has(announcedIp)) {
    return { listenIps: [{ ip: listenIp, announcedIp }], announced: [announcedIp], reason: 'explicit' };
  }
  if (!WILDCARDS.has(listenIp))
    return { listenIps: [{ ip: listenIp }], announced: [listenIp], reason: 'specific-listen-ip' };
  const own = machineAddresses(interfaces);
  if (own.length === 0) return { listenIps: [{ ip: '127.0.0.1' }], announced: ['127.0.0.1'], reason: 'loopback-only' };
  return { listenIps: own.map((ip) => ({ ip })), announced: own, reason: 'interfaces' };
}

/** Non-internal, non-link-local IPv4 addresses, each once, in interface order. */
export function machineAddresses(interfaces: Interfaces = os.networkInterfaces()): string[] {
  const found: string[] = [];
  for (const entries of Object.values(interfaces)) {
    for (const entry of entries ?? []) {
      if (entry.family !== 'IPv4' || entry.internal || entry.address.startsWith('169.254.')) continue;
      if (!found.includes(entry.address)) found.push(entry.address);
    }
  }
  return found;
}
