import type { Logger } from '../logging/logger.js';
import type { ConsumerState } from './MediaPeer.js';

/** Consumer score (0–10) under which a receiver's link is poor. */
export const POOR_SCORE = 5;
/** Score from which a receiver's link is good enough to climb back up. */
export const GOOD_SCORE = 9;
/** How long a score must stay poor before lowering, and good before raising again. */
export const LOWER_AFTER_MS = 3_000;
/**
 * Two steps up take 10 s: a hall whose link recovers has the top layer back well within 30 s, even
 * when the bandwidth estimate takes a while to climb. Raising is cheap to get wrong: mediasoup never
 * forwards a layer its estimate cannot carry, and a poor score lowers again after LOWER_AFTER_MS.
 */
export const RAISE_AFTER_MS = 5_000;

/**
 * Loss the receiver reports (RTCP fraction lost, smoothed) from which its picture is capped at the
 * middle layer, and under which the cap is lifted after RAISE_AFTER_MS. NACK repairs the loss, so the
 * score stays high; but every lost packet of a large frame costs a round trip before the frame shows,
 * and smaller frames lose fewer. Loss alone never goes below the middle layer: a smaller picture does
 * not make random loss rarer, only a link too narrow for it (a poor score) does.
 */
export const LOSSY_FRACTION = 0.03;
export const CLEAN_FRACTION = 0.01;
/** The layer loss caps the picture at. */
export const LOSSY_CEILING = 1;
/** Weight of a new loss report in the smoothed loss. */
const LOSS_SMOOTHING = 0.3;

/** The layer ceiling of one simulcast receiver: plain data, driven by `nextCeiling` and `noteLoss`. */
export interface LayerCeiling {
  /** Best spatial layer the client asked for. */
  preferredSpatial: number;
  /** Ceiling lowered automatically while the receiver's score is poor. */
  autoSpatial: number;
  poorSince: number | undefined;
  goodSince: number | undefined;
  /**
   * Still poor at the lowest layer: the link cannot carry the picture. Video drops to its base frame
   * rate (temporal layer 0) so the speech keeps its share of the link, and the endpoint is told its link
   * is weak (it offers audio only).
   */
  weak: boolean;
  /**
   * Since when no layer at all has been forwarded although the receiver wants video (mediasoup stops
   * sending a simulcast stream whose lowest layer does not fit the bandwidth estimate): also weak.
   */
  starvedSince: number | undefined;
  /** Smoothed fraction of packets the receiver reports lost (0–1), and whether it caps the layer. */
  loss: number;
  lossy: boolean;
  cleanSince: number | undefined;
}

export function initialCeiling(preferredSpatial = 2): LayerCeiling {
  return {
    preferredSpatial,
    autoSpatial: preferredSpatial,
    poorSince: undefined,
    goodSince: undefined,
    weak: false,
    starvedSince: undefined,
    loss: 0,
    lossy: false,
    cleanSince: undefined,
  };
}

/**
 * Feeds one loss report (fraction lost, 0–1, from the receiver's RTCP) at `now`. The picture is capped
 * at LOSSY_CEILING as soon as the smoothed loss reaches LOSSY_FRACTION, and freed once every report has
 * stayed under CLEAN_FRACTION for RAISE_AFTER_MS. Returns true when the cap changed.
 */
export function noteLoss(ceiling: LayerCeiling, fraction: number, now: number): boolean {
  const report = Math.min(1, Math.max(0, fraction));
  ceiling.loss = ceiling.loss * (1 - LOSS_SMOOTHING) + report * LOSS_SMOOTHING;
  if (!ceiling.lossy) {
    if (ceiling.loss < LOSSY_FRACTION) return false;
    ceiling.lossy = true;
    ceiling.cleanSince = undefined;
    return true;
  }
  // Clean by the reports themselves, not the smoothed loss, so a recovered link is not held back by
  // its own history.
  if (report >= CLEAN_FRACTION) {
    ceiling.cleanSince = undefined;
    return false;
  }
  ceiling.cleanSince ??= now;
  if (now - ceiling.cleanSince < RAISE_AFTER_MS) return false;
  ceiling.lossy = false;
  ceiling.loss = report;
  return true;
}

/** The temporal layer to forward: all of them, or only the base frame rate on a weak link. */
export function effectiveTemporal(ceiling: LayerCeiling): number {
  return ceiling.weak ? 0 : 2;
}

/** The spatial layer to forward: the lowest of the client's preference, the score's ceiling and the loss cap. */
export function effectiveSpatial(ceiling: LayerCeiling): number {
  return Math.min(ceiling.preferredSpatial, ceiling.autoSpatial, ceiling.lossy ? LOSSY_CEILING : Infinity);
}

/**
 * Feeds one consumer score (0–10) at time `now` into the ceiling. Lowers it by one layer once the
 * score has stayed poor for LOWER_AFTER_MS (and again after each further LOWER_AFTER_MS), and
 * raises it by one once the score has stayed good for RAISE_AFTER_MS, never above the client's
 * preference. Poor for LOWER_AFTER_MS more at layer 0 makes the link `weak`; good for LOWER_AFTER_MS
 * ends that first. A score in between resets the good streak only. Returns true when the ceiling moved.
 */
export function nextCeiling(ceiling: LayerCeiling, score: number, now: number): boolean {
  if (score < POOR_SCORE) {
    ceiling.goodSince = undefined;
    ceiling.poorSince ??= now;
    if (now - ceiling.poorSince < LOWER_AFTER_MS) return false;
    if (ceiling.autoSpatial > 0) {
      ceiling.autoSpatial -= 1;
      ceiling.poorSince = now;
      return true;
    }
    if (!ceiling.weak) {
      ceiling.weak = true;
      return true;
    }
    return false;
  }
  ceiling.poorSince = undefined;
  // A good score while nothing is sent says nothing about the link: a starved one stays weak.
  if (score >= GOOD_SCORE && ceiling.weak && ceiling.starvedSince === undefined) {
    ceiling.goodSince ??= now;
    if (now - ceiling.goodSince < LOWER_AFTER_MS) return false;
    ceiling.weak = false;
    ceiling.goodSince = now;
    return true;
  }
  if (score >= GOOD_SCORE && ceiling.autoSpatial < ceiling.preferredSpatial) {
    ceiling.goodSince ??= now;
    if (now - ceiling.goodSince >= RAISE_AFTER_MS) {
      ceiling.autoSpatial += 1;
      ceiling.goodSince = now;
      return true;
    }
    return false;
  }
  ceiling.goodSince = undefined;
  return false;
}

/** Sends the consumer the layer `effectiveSpatial` chooses. */
export async function applyLayers(state: ConsumerState, temporalLayer?: number): Promise<void> {
  if (state.consumer.closed) return;
  await state.consumer.setPreferredLayers({
    spatialLayer: effectiveSpatial(state.layers),
    temporalLayer: Math.min(temporalLayer ?? 2, effectiveTemporal(state.layers)),
  });
}

/**
 * Lowers a simulcast receiver's layer when its score stays poor, and raises it back when the score
 * stays good, so a weak commune link settles on a layer it can carry. True when the link became weak
 * or stopped being weak (the receiver is told).
 */
export function adaptToScore(state: ConsumerState, score: number, now: number, log: Logger): boolean {
  if (state.consumer.type !== 'simulcast' || state.consumer.closed) return false;
  const wasWeak = state.layers.weak;
  if (!nextCeiling(state.layers, score, now)) return false;
  log.debug(
    { consumerId: state.consumer.id, score, autoSpatial: state.layers.autoSpatial, weak: state.layers.weak },
    'layer ceiling changed on score',
  );
  void applyLayers(state).catch(() => undefined);
  return wasWeak !== state.layers.weak;
}

/**
 * Notes whether the receiver gets no picture at all (`starved`: no layer forwarded while it wants
 * video). Starved for LOWER_AFTER_MS makes the link weak; the picture's return ends that. Returns true
 * when `weak` changed.
 */
export function noteStarved(ceiling: LayerCeiling, starved: boolean, now: number): boolean {
  if (!starved) {
    if (ceiling.starvedSince === undefined) return false;
    ceiling.starvedSince = undefined;
    if (!ceiling.weak) return false;
    // The picture is back: the score decides from here (still poor at layer 0 makes it weak again).
    ceiling.weak = false;
    return true;
  }
  ceiling.starvedSince ??= now;
  if (ceiling.weak || now - ceiling.starvedSince < LOWER_AFTER_MS) return false;
  ceiling.weak = true;
  return true;
}

/** How often a simulcast receiver's link is probed (one getStats of its consumer). */
export const LINK_PROBE_MS = 2_000;

/**
 * Probes the link of a simulcast consumer's receiver: whether any layer is forwarded at all, and the
 * loss it reports (its latest RTCP receiver report, fraction lost 0–255) for the loss cap; sends the
 * new layers when they changed. True when the link became weak or stopped being weak.
 */
export async function probeLink(state: ConsumerState, now: number, log: Logger): Promise<boolean> {
  const consumer = state.consumer;
  if (consumer.type !== 'simulcast' || consumer.closed || consumer.paused || consumer.producerPaused) return false;
  const weakChanged = noteStarved(state.layers, consumer.currentLayers == null, now);
  const stats = await consumer.getStats();
  const reports = stats.filter((s) => s.type === 'outbound-rtp').map((s) => s.fractionLost);
  const capChanged = reports.length > 0 && noteLoss(state.layers, Math.max(...reports) / 256, now);
  if (!weakChanged && !capChanged) return false;
  log.debug(
    { consumerId: consumer.id, loss: state.layers.loss, lossy: state.layers.lossy, weak: state.layers.weak },
    'layers changed on the link probe',
  );
  await applyLayers(state);
  return weakChanged;
}
