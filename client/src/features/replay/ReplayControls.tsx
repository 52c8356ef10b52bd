import { useEffect, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDuration } from './common';
import type { Quality } from './media';

const RATES = [1, 1.25, 1.5, 2] as const;

/** Play/pause, the time, the speed and the rendition (desktop or phone quality) of the main video. */
export function ReplayControls({
  videoRef,
  positionMs,
  durationMs,
  quality,
  qualities,
  onQuality,
}: {
  videoRef: RefObject<HTMLVideoElement | null>;
  positionMs: number;
  durationMs: number;
  quality: Quality;
  qualities: Record<Quality, boolean>;
  onQuality: (quality: Quality) => void;
}) {
  const { t } = useTranslation();
  const [playing, setPlaying] = useState(false);
  const [rate, setRate] = useState(1);

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    const onState = () => {
      setPlaying(!video.paused && !video.ended);
      setRate(video.playbackRate);
    };
    const events = ['play', 'pause', 'ended', 'ratechange', 'emptied'] as const;
    for (const name of events) video.addEventListener(name, onState);
    return () => {
      for (const name of events) video.removeEventListener(name, onState);
    };
  }, [videoRef]);

  const toggle = () => {
    const video = videoRef.current;
    if (!video) return;
    if (video.paused || video.ended) void video.play().catch(() => undefined);
    else video.pause();
  };

  return (
    <div className="replay-controls">
      <button type="button" className="button" data-testid="replay-play" aria-pressed={playing} onClick={toggle}>
        {playing ? t('replay.pause') : t('replay.play')}
      </button>
      <span className="replay-controls__time" data-testid="replay-position">
        {formatDuration(positionMs)} / {formatDuration(durationMs)}
      </span>
      <label className="replay-controls__rate">
        {t('replay.speed')}{' '}
        <select
          data-testid="replay-rate"
          value={rate}
          onChange={(e) => {
            if (videoRef.current) videoRef.current.playbackRate = Number(e.target.value);
          }}
        >
          {RATES.map((r) => (
            <option key={r} value={r}>
              {r}×
            </option>
          ))}
        </select>
      </label>
      {qualities.archive && qualities.phone && (
        <button
          type="button"
          className="button button--quiet"
          data-testid="replay-quality"
          data-quality={quality}
          onClick={() => onQuality(quality === 'phone' ? 'archive' : 'phone')}
        >
          {quality === 'phone' ? t('replay.quality.toArchive') : t('replay.quality.toPhone')}
        </button>
      )}
    </div>
  );
}
