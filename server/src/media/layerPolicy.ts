import type { Logger } from '../logging/logger.js';
import type { ConsumerState } from './MediaPeer.js';

/** Consumer score (0–10) under which a receiver's link is poor. */
const POOR_SCORE = 5;
const GOOD_SCORE = 9;
/** How long a score must stay poor before lowering, and good before raising again. */
const LOWER_AFTER_MS = 3_000;
const RAISE_AFTER_MS = 15_000;

/** Sends the consumer the lower of the client's preference and the automatic ceiling. */
export async function applyLayers(state: ConsumerState, temporalLayer?: number): Promise<void> {
  if (state.consumer.closed) return;
  const spatialLayer = Math.min(state.preferredSpatial, state.autoSpatial);
  await state.consumer.setPreferredLayers({ spatialLayer, temporalLayer: temporalLayer ?? 2 });
}

/**
 * Lowers a simulcast receiver's ceiling by one layer when its score stays poor, and raises it back
 * when the score stays good, so a weak commune link settles on a layer it can carry.
 */
export function adaptToScore(state: ConsumerState, score: number, now: number, log: Logger): void {
  if (state.consumer.type !== 'simulcast' || state.consumer.closed) return;
  if (score < POOR_SCORE) {
    state.goodSince = undefined;
    state.poorSince ??= now;
    if (now - state.poorSince >= LOWER_AFTER_MS && state.autoSpatial > 0) {
      state.autoSpatial -= 1;
      state.poorSince = now;
      log.debug({ consumerId: state.consumer.id, score, autoSpatial: state.autoSpatial }, 'lowering layer on poor score');
      void applyLayers(state).catch(() => undefined);
    }
    return;
  }
  state.poorSince = undefined;
  if (score >= GOOD_SCORE && state.autoSpatial < state.preferredSpatial) {
    state.goodSince ??= now;
    if (now - state.goodSince >= RAISE_AFTER_MS) {
      state.autoSpatial += 1;
      state.goodSince = now;
      void applyLayers(state).catch(() => undefined);
    }
  } else {
    state.goodSince = undefined;
  }
}
