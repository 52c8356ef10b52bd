import { useEffect, type RefObject } from 'react';
import { MAX_DRIFT_S, clipTime } from './media';

/** Main-video events after which the clip follows: play state, position and speed. */
const MAIN_EVENTS = ['play', 'playing', 'pause', 'seeking', 'seeked', 'ratechange', 'timeupdate', 'waiting'] as const;

/**
 * Keeps a clip's own <video> on the main video's clock: its time is the main time less the clip's
 * start, re-seeked when it drifts more than 0.3 s; it plays, pauses and changes speed with the main.
 */
export function useClipSync(
  mainRef: RefObject<HTMLVideoElement | null>,
  clipRef: RefObject<HTMLVideoElement | null>,
  atMs: number,
  durationMs: number,
): void {
  useEffect(() => {
    const main = mainRef.current;
    const own = clipRef.current;
    if (!main || !own) return;
    const sync = () => {
      const target = clipTime({ atMs, durationMs }, main.currentTime);
      if (own.readyState >= HTMLMediaElement.HAVE_METADATA && Math.abs(own.currentTime - target) > MAX_DRIFT_S)
        own.currentTime = target;
      if (own.playbackRate !== main.playbackRate) own.playbackRate = main.playbackRate;
      const shouldPlay = !main.paused && !main.seeking && main.readyState >= HTMLMediaElement.HAVE_FUTURE_DATA;
      if (shouldPlay && own.paused) void own.play().catch(() => undefined);
      else if (!shouldPlay && !own.paused) own.pause();
    };
    for (const name of MAIN_EVENTS) main.addEventListener(name, sync);
    own.addEventListener('loadedmetadata', sync);
    sync();
    return () => {
      for (const name of MAIN_EVENTS) main.removeEventListener(name, sync);
      own.removeEventListener('loadedmetadata', sync);
      own.pause();
    };
  }, [mainRef, clipRef, atMs, durationMs]);
}
