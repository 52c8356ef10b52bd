/**
 * The field harness (issue #13): commune links reproduced on this machine. Each impaired client
 * lives in its own network namespace behind a router namespace that shapes the rate (tbf), drops at
 * random (nftables numgen) and delays (a TUN device read by delayElement.py: this kernel has no
 * netem); the client's own firewall can drop UDP; the link can be cut and restored mid-test.
 *
 *   client ns (eth0 10.213.N.6) ⇄ router ns (client .5 | host .2, tbf, nft, TUN) ⇄ host (dcfNh .1)
 *
 * Open links before starting the app (a wildcard listen address announces what exists at start).
 * Everything is removed by `close()`, when the process exits, and (for a killed process) by the
 * next `openFieldLink`.
 */
export {
  openFieldLink,
  removeLeftoverLinks,
  type CutMode,
  type FieldLink,
  type LinkSettings,
  type LinkState,
  type QdiscCounters,
  type ShaperStats,
} from './link.js';
export { startProbeServers, runProbe, type ProbeServers } from './probes.js';
export type { ProbeRequest, ProbeResult } from './probe.js';
export {
  SAMPLE_MS,
  currentLayer,
  firstFramesAfter,
  installReceiverStats,
  receiverSamples,
  summarise,
  type ReceiverSample,
  type ReceiverSummary,
} from './receiverStats.js';
export { phaseFigures, recordFieldFigures, type FieldFigures, type FieldPhase } from './figures.js';
