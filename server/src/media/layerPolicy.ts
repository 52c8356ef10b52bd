import type { Logger } from '../logging/logger.js';
import type { ConsumerState } from './MediaPeer.js';

/** Consumer score (0–10) under which a receiver's link is poor. */
export const POOR_SCORE = 5;
/** Score from which a receiver's link is good enough to climb back up. */
export const GOOD_SCORE = 9;
/** How long a score must stay poor before lowering, and good before raising again. */
export const LOWER_AFTER_MS = 3_000;
/** Two steps up take 20 s: a hall whose link recovers has the top layer back well within 30 s. */
export const RAISE_AFTER_MS = 10_000;

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
    loss: 0,
    lossy: false,
    cleanSince: undefined,
  };
}

/**
 * Feeds one loss report (fraction lost, 0–1, from the receiver's RTCP) at `now`. The picture is capped
 * at LOSSY_CEILING as soon as the smoothed loss reaches LOSSY_FRACTION, and freed once it has stayed
 * under CLEAN_FRACTION for RAISE_AFTER_MS. Returns true when the cap changed.
 */
export function noteLoss(ceiling: LayerCeiling, fraction: number, now: number): boolean {
  ceiling.loss = ceiling.loss * (1 - LOSS_SMOOTHING) + Math.min(1, Math.max(0, fraction)) * LOSS_SMOOTHING;
  if (!ceiling.lossy) {
    if (ceiling.loss < LOSSY_FRACTION) return false;
    ceiling.lossy = true;
    ceiling.cleanSince = undefined;
    return true;
  }
  if (ceiling.loss >= CLEAN_FRACTION) {
    ceiling.cleanSince = undefined;
    return false;
  }
  ceiling.cleanSince ??= now;
  if (now - ceiling.cleanSince < RAISE_AFTER_MS) return false;
  ceiling.lossy = false;
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
  if (score >= GOOD_SCORE && ceiling.weak) {
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

/** How often a simulcast receiver's loss is read (one getStats of its consumer). */
export const LOSS_PROBE_MS = 2_000;

/**
 * Reads the loss the receiver of a simulcast consumer reports (its latest RTCP receiver report, as
 * fraction lost 0–255) and feeds it to the loss cap; sends the new layer when the cap changed.
 */
export async function probeLoss(state: ConsumerState, now: number, log: Logger): Promise<void> {
  const consumer = state.consumer;
  if (consumer.type !== 'simulcast' || consumer.closed || consumer.paused || consumer.producerPaused) return;
  const stats = await consumer.getStats();
  const reports = stats.filter((s) => s.type === 'outbound-rtp').map((s) => s.fractionLost);
  if (reports.length === 0) return;
  if (!noteLoss(state.layers, Math.max(...reports) / 256, now)) return;
  log.debug(
    { consumerId: consumer.id, loss: state.layers.loss, lossy: state.layers.lossy },
    'layer cap changed on loss',
  );
  await applyLayers(state);
}
