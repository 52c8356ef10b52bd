import { useEffect, useRef, type RefObject } from 'react';

/** What a make-up study feature is told about the viewer's playback. */
export interface PlaybackEvent {
  /** Media time, ms. */
  positionMs: number;
  playing: boolean;
  rate: number;
}

/** While playing, a report goes out this often besides the play/pause/seek/speed ones. */
export const PLAYBACK_REPORT_MS = 5_000;

const REPORTED = ['play', 'pause', 'seeked', 'ratechange'] as const;

/** The part of a media element the reports read (a plain EventTarget in the unit test). */
export type ObservedMedia = Pick<
  HTMLMediaElement,
  'currentTime' | 'paused' | 'ended' | 'seeking' | 'playbackRate' | 'addEventListener' | 'removeEventListener'
>;

/**
 * Reports on play, pause, seeked and ratechange, and every 5 s from play until pause or the end.
 * On `seeking` it reports where playback was just before the jump (the last timeupdate), so what
 * was played up to a seek is told, not lost with the jump. Returns the function that stops it.
 */
export function observePlayback(media: ObservedMedia, report: (event: PlaybackEvent) => void): () => void {
  let timer: ReturnType<typeof setInterval> | undefined;
  /** Media time at the last timeupdate: where playback was before a seek moved currentTime. */
  let playedTo = media.currentTime;
  const send = (seconds = media.currentTime) =>
    report({
      positionMs: Math.round(seconds * 1000),
      playing: !media.paused && !media.ended,
      rate: media.playbackRate,
    });
  const onTime = () => {
    if (!media.seeking) playedTo = media.currentTime;
  };
  const onSeeking = () => {
    if (!media.paused) send(playedTo);
  };
  const stop = () => {
    clearInterval(timer);
    timer = undefined;
  };
  const onEvent = (event: Event) => {
    send();
    playedTo = media.currentTime;
    if (event.type === 'play' && timer === undefined) timer = setInterval(send, PLAYBACK_REPORT_MS);
    if (event.type === 'pause') stop();
  };
  for (const name of REPORTED) media.addEventListener(name, onEvent);
  media.addEventListener('ended', stop);
  media.addEventListener('timeupdate', onTime);
  media.addEventListener('seeking', onSeeking);
  return () => {
    stop();
    for (const name of REPORTED) media.removeEventListener(name, onEvent);
    media.removeEventListener('ended', stop);
    media.removeEventListener('timeupdate', onTime);
    media.removeEventListener('seeking', onSeeking);
  };
}

/** Calls `onPlayback` (the latest one given) as observePlayback reports the video's playback. */
export function usePlaybackReports(
  videoRef: RefObject<HTMLVideoElement | null>,
  onPlayback: ((event: PlaybackEvent) => void) | undefined,
): void {
  const callback = useRef(onPlayback);
  useEffect(() => {
    callback.current = onPlayback;
  }, [onPlayback]);

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    return observePlayback(video, (event) => callback.current?.(event));
  }, [videoRef]);
}
