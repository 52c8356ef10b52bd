import { describe, expect, it } from 'vitest';
import type { RecordingClip } from '@diem-cau/shared';
import { formatBytes, formatDuration } from './common';
import { activeClip, clipTime, defaultQuality, mediaUrl } from './media';

const screen: RecordingClip = {
  track: 'screen',
  atMs: 5_000,
  durationMs: 10_000,
  url: '/recordings/r/files/screen-1.webm?t=x',
};
const floor: RecordingClip = { track: 'floor', atMs: 8_000, durationMs: 2_000, url: '/f', label: 'Xã A' };

describe('replay media helpers', () => {
  it('prefixes the manifest paths with /api once', () => {
    expect(mediaUrl('/recordings/r/files/archive.webm?t=abc')).toBe('/api/recordings/r/files/archive.webm?t=abc');
    expect(mediaUrl('/api/recordings/r/files/archive.webm?t=abc')).toBe('/api/recordings/r/files/archive.webm?t=abc');
    expect(mediaUrl('https://cdn.example/x.webm')).toBe('https://cdn.example/x.webm');
  });

  it('picks the phone rendition on narrow screens or when asked', () => {
    expect(defaultQuality(null, 390)).toBe('phone');
    expect(defaultQuality(null, 700)).toBe('phone');
    expect(defaultQuality(null, 1280)).toBe('archive');
    expect(defaultQuality('phone', 1920)).toBe('phone');
    expect(defaultQuality('archive', 390)).toBe('archive');
  });

  it('finds the clip showing at a media time, by track', () => {
    const clips = [screen, floor];
    expect(activeClip(clips, 'screen', 4_999)).toBeNull();
    expect(activeClip(clips, 'screen', 5_000)).toBe(screen);
    expect(activeClip(clips, 'screen', 14_999)).toBe(screen);
    expect(activeClip(clips, 'screen', 15_000)).toBeNull();
    expect(activeClip(clips, 'floor', 9_000)).toBe(floor);
  });

  it("maps the main video's time onto the clip's own clock", () => {
    expect(clipTime(screen, 7.5)).toBe(2.5);
    expect(clipTime(screen, 1)).toBe(0);
    expect(clipTime(screen, 99)).toBe(10);
  });

  it('formats durations and sizes', () => {
    expect(formatDuration(0)).toBe('00:00');
    expect(formatDuration(83_400)).toBe('01:23');
    expect(formatDuration(3_723_000)).toBe('1:02:03');
    expect(formatBytes(512, 'en')).toBe('512 B');
    expect(formatBytes(1536 * 1024 * 1024, 'en')).toBe('1.5 GB');
  });
});
