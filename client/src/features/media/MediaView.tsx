import { useEffect, useRef } from 'react';

/** A <video> or <audio> element playing one track. */
export function TrackView({
  track,
  kind,
  className,
  label,
  source,
  publisher,
}: {
  track: MediaStreamTrack;
  kind: 'audio' | 'video';
  className?: string;
  label?: string;
  source?: string;
  publisher?: string;
}) {
  const ref = useRef<HTMLVideoElement & HTMLAudioElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    element.srcObject = new MediaStream([track]);
    void element.play().catch(() => undefined);
    return () => {
      element.srcObject = null;
    };
  }, [track]);
  if (kind === 'audio') return <audio ref={ref} autoPlay data-source={source} data-publisher={publisher} />;
  return (
    <video
      ref={ref}
      className={className}
      autoPlay
      playsInline
      muted
      aria-label={label}
      data-source={source}
      data-publisher={publisher}
    />
  );
}
