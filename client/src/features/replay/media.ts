import type { Recording, RecordingClip } from '@diem-cau/shared';

/** Below this screen width (CSS px) the phone rendition is the default. */
export const NARROW_SCREEN_PX = 700;
/** A clip further than this from where the main video says it should be is re-seeked. */
export const MAX_DRIFT_S = 0.3;

export type Quality = 'archive' | 'phone';

/**
 * The manifest's file links are paths under /api (`/recordings/<id>/files/<name>?t=…`); the client
 * reaches the API on its own origin at `/api`. A path that already carries the prefix (or an absolute
 * URL) is left as it is.
 */
export function mediaUrl(path: string): string {
  if (/^[a-z]+:\/\//i.test(path) || path.startsWith('/api/')) return path;
  return `/api${path.startsWith('/') ? '' : '/'}${path}`;
}

/** The rendition asked for (`?quality=phone`) or suited to the screen; the other one when it is missing. */
export function defaultQuality(requested: string | null, screenWidth: number): Quality {
  if (requested === 'phone' || requested === 'archive') return requested;
  return screenWidth <= NARROW_SCREEN_PX ? 'phone' : 'archive';
}

/** The URL of the rendition to play (falling back to the other one), or null while none exists. */
export function renditionUrl(recording: Recording, quality: Quality): string | null {
  const { archive, phone } = recording.renditions;
  const path = quality === 'phone' ? (phone ?? archive) : (archive ?? phone);
  return path ? mediaUrl(path) : null;
}

/** The clip of `track` showing at `positionMs` of media time, if any. */
export function activeClip(
  clips: readonly RecordingClip[],
  track: RecordingClip['track'],
  positionMs: number,
): RecordingClip | null {
  return clips.find((c) => c.track === track && positionMs >= c.atMs && positionMs < c.atMs + c.durationMs) ?? null;
}

/** Where a clip's own video should be (seconds) when the main video is at `mainSeconds`. */
export function clipTime(clip: Pick<RecordingClip, 'atMs' | 'durationMs'>, mainSeconds: number): number {
  return Math.min(Math.max(0, mainSeconds - clip.atMs / 1000), clip.durationMs / 1000);
}
