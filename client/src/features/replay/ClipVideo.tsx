import { useRef, useState, type RefObject } from 'react';
import type { RecordingClip } from '@diem-cau/shared';
import { mediaUrl } from './media';
import { useClipSync } from './useClipSync';

/** One side-track clip (screen share or floor), played in step with the main video. */
export function ClipVideo({
  clip,
  mainRef,
  className,
  testId,
  label,
}: {
  clip: RecordingClip;
  mainRef: RefObject<HTMLVideoElement | null>;
  className: string;
  testId: string;
  label: string;
}) {
  const ref = useRef<HTMLVideoElement>(null);
  // The first signed link is kept: a refreshed manifest's new link must not reload the playing file.
  const [src] = useState(() => mediaUrl(clip.url));
  useClipSync(mainRef, ref, clip.atMs, clip.durationMs);
  return (
    <video
      ref={ref}
      className={className}
      data-testid={testId}
      data-track={clip.track}
      src={src}
      preload="auto"
      playsInline
      // The screen share has no sound; the floor's microphone is only in its clip.
      muted={clip.track === 'screen'}
      aria-label={label}
      title={label}
    />
  );
}
