import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PLAYBACK_REPORT_MS, observePlayback, type PlaybackEvent } from './usePlaybackReports';

/** A stand-in for a <video>: its state set by the test, its events dispatched by hand. */
class FakeMedia extends EventTarget {
  currentTime = 0;
  paused = true;
  ended = false;
  seeking = false;
  playbackRate = 1;
  emit(type: string): void {
    this.dispatchEvent(new Event(type));
  }
}

describe('observePlayback (what a make-up study is told)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('reports play, every 5 s while playing, speed, seek and pause, then nothing once stopped', () => {
    const media = new FakeMedia();
    const events: PlaybackEvent[] = [];
    const stop = observePlayback(media, (e) => events.push(e));

    media.paused = false;
    media.emit('play');
    expect(events).toEqual([{ positionMs: 0, playing: true, rate: 1 }]);

    media.currentTime = 5.0004;
    vi.advanceTimersByTime(PLAYBACK_REPORT_MS);
    expect(events.at(-1)).toEqual({ positionMs: 5000, playing: true, rate: 1 });

    media.playbackRate = 1.5;
    media.emit('ratechange');
    media.currentTime = 7.25;
    media.emit('timeupdate');
    // A seek: first where playback had got to, then where it jumped.
    media.currentTime = 42;
    media.seeking = true;
    media.emit('seeking');
    media.seeking = false;
    media.emit('seeked');
    expect(events.slice(-3)).toEqual([
      { positionMs: 5000, playing: true, rate: 1.5 },
      { positionMs: 7250, playing: true, rate: 1.5 },
      { positionMs: 42000, playing: true, rate: 1.5 },
    ]);

    media.paused = true;
    media.emit('pause');
    const count = events.length;
    expect(events.at(-1)).toEqual({ positionMs: 42000, playing: false, rate: 1.5 });
    vi.advanceTimersByTime(3 * PLAYBACK_REPORT_MS);
    expect(events).toHaveLength(count);

    stop();
    media.emit('play');
    expect(events).toHaveLength(count);
  });

  it('stops the periodic report at the end of the recording', () => {
    const media = new FakeMedia();
    const events: PlaybackEvent[] = [];
    observePlayback(media, (e) => events.push(e));
    media.paused = false;
    media.emit('play');
    media.ended = true;
    media.emit('ended');
    vi.advanceTimersByTime(2 * PLAYBACK_REPORT_MS);
    expect(events).toHaveLength(1);
  });
});
