import { describe, expect, it } from 'vitest';
import { PHONE_VIDEO_MAX_BITRATE, spatialLayerFor } from './recorderSinks.js';

const producer = (encodings: { maxBitrate?: number }[]) =>
  ({ rtpParameters: { codecs: [], encodings } }) as unknown as Parameters<typeof spatialLayerFor>[0];

describe('the simulcast layer a recorder takes', () => {
  it('records the top layer for the archive', () => {
    expect(spatialLayerFor(producer([{}, {}, {}]), 'top')).toBe(2);
    expect(spatialLayerFor(producer([{}]), 'top')).toBe(0);
  });

  it('records the highest layer that fits a phone for the phone rendition', () => {
    // The host camera's layers (client/src/features/media/encodings.ts): the middle one.
    expect(
      spatialLayerFor(producer([{ maxBitrate: 150_000 }, { maxBitrate: 450_000 }, { maxBitrate: 1_200_000 }]), 'phone'),
    ).toBe(1);
    expect(
      spatialLayerFor(producer([{ maxBitrate: 150_000 }, { maxBitrate: PHONE_VIDEO_MAX_BITRATE + 1 }]), 'phone'),
    ).toBe(0);
  });

  it('falls back to the lowest layer when no layer says its bit rate, or none fits', () => {
    expect(spatialLayerFor(producer([{}, {}, {}]), 'phone')).toBe(0);
    expect(spatialLayerFor(producer([{ maxBitrate: 900_000 }, { maxBitrate: 2_000_000 }]), 'phone')).toBe(0);
    expect(spatialLayerFor(producer([]), 'phone')).toBe(0);
  });
});
