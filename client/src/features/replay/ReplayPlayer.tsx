import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Recording } from '@diem-cau/shared';
import { ClipVideo } from './ClipVideo';
import { ReplayControls } from './ReplayControls';
import { ReplayTimeline } from './ReplayTimeline';
import { activeClip, defaultQuality, renditionUrl, type Quality } from './media';
import { usePlaybackReports, type PlaybackEvent } from './usePlaybackReports';
import './replay.css';

export interface ReplayPlayerProps {
  manifest: Recording;
  /** Where to start, ms of media time (e.g. where a make-up study left off). */
  startAtMs?: number;
  /** Told on play, pause, seeked, ratechange and every 5 s while playing. */
  onPlayback?: (event: PlaybackEvent) => void;
  /** The rendition to start with; by default the phone one on a narrow screen, else the archive. */
  initialQuality?: Quality;
}

/** The file part of a signed link: a refreshed manifest's new `?t=` must not reload the video. */
const withoutQuery = (url: string | null) => url?.split('?')[0] ?? null;

/**
 * Plays a recording the way the TV showed it: the speaker large, or, while a screen was shared, the
 * slides large and the speaker small; the endpoint holding the floor small with its name. Side
 * clips follow the main video's clock. A timeline under it marks the clips and the gaps.
 */
export function ReplayPlayer({ manifest, startAtMs, onPlayback, initialQuality }: ReplayPlayerProps) {
  const { t } = useTranslation();
  const mainRef = useRef<HTMLVideoElement>(null);
  const [quality, setQuality] = useState<Quality>(() => initialQuality ?? defaultQuality(null, window.innerWidth));
  const wanted = renditionUrl(manifest, quality);
  const [src, setSrc] = useState(wanted);
  /** Where to continue once the (new) source has loaded: the start, or the place before a switch. */
  const resume = useRef<{ seconds: number; play: boolean } | null>(
    startAtMs ? { seconds: startAtMs / 1000, play: false } : null,
  );
  if (withoutQuery(src) !== withoutQuery(wanted)) {
    // Another file (the other rendition, or the archive once produced): carry on where the viewer was.
    const video = mainRef.current;
    if (video && video.readyState >= HTMLMediaElement.HAVE_METADATA && !resume.current)
      resume.current = { seconds: video.currentTime, play: !video.paused };
    setSrc(wanted);
  }
  const [positionMs, setPositionMs] = useState(startAtMs ?? 0);
  usePlaybackReports(mainRef, onPlayback);

  useEffect(() => {
    const video = mainRef.current;
    if (!video) return;
    const onTime = () => setPositionMs(Math.round(video.currentTime * 1000));
    const onLoaded = () => {
      const next = resume.current;
      resume.current = null;
      if (!next) return;
      video.currentTime = next.seconds;
      if (next.play) void video.play().catch(() => undefined);
    };
    video.addEventListener('timeupdate', onTime);
    video.addEventListener('seeking', onTime);
    video.addEventListener('loadedmetadata', onLoaded);
    return () => {
      video.removeEventListener('timeupdate', onTime);
      video.removeEventListener('seeking', onTime);
      video.removeEventListener('loadedmetadata', onLoaded);
    };
  }, []);

  const seek = useCallback((ms: number) => {
    const video = mainRef.current;
    if (video) video.currentTime = ms / 1000;
    setPositionMs(ms);
  }, []);

  const screen = activeClip(manifest.clips, 'screen', positionMs);
  const floor = activeClip(manifest.clips, 'floor', positionMs);
  const floorLabel = `${t('replay.floor')}: ${floor?.label ?? ''}`;

  return (
    <div className="replay-player" data-testid="replay-player" data-quality={quality}>
      <div className={`replay-stage${screen ? ' replay-stage--with-screen' : ''}`}>
        {screen && (
          <ClipVideo
            key={`screen-${screen.atMs}`}
            clip={screen}
            mainRef={mainRef}
            className="tv__screen"
            testId="replay-screen"
            label={t('replay.screen')}
          />
        )}
        <video
          ref={mainRef}
          className={screen ? 'tv__pip' : 'tv__speaker'}
          data-testid="replay-video"
          src={src ?? undefined}
          hidden={!src}
          preload="metadata"
          playsInline
          aria-label={t('replay.speaker')}
        />
        {floor && (
          <figure className="replay-stage__floor" data-testid="replay-floor">
            <ClipVideo
              key={`floor-${floor.atMs}`}
              clip={floor}
              mainRef={mainRef}
              className="replay-stage__floor-video"
              testId="replay-floor-video"
              label={floorLabel}
            />
            <figcaption>{floorLabel}</figcaption>
          </figure>
        )}
        {!src && <p className="replay-stage__waiting">{t('replay.processing')}</p>}
      </div>
      <ReplayControls
        videoRef={mainRef}
        positionMs={positionMs}
        durationMs={manifest.durationMs}
        quality={quality}
        qualities={{ archive: manifest.renditions.archive !== null, phone: manifest.renditions.phone !== null }}
        onQuality={setQuality}
      />
      <ReplayTimeline
        durationMs={manifest.durationMs}
        positionMs={positionMs}
        clips={manifest.clips}
        gaps={manifest.gaps}
        onSeek={seek}
      />
    </div>
  );
}
