import { useCallback, useEffect, useRef, useState } from 'react';
import type { MediaClient } from '../../media';

/** The host's camera + microphone (simulcast) and optional screen share, published through the media client. */
export function useHostPublishing(media: MediaClient | null) {
  const [camera, setCamera] = useState<MediaStream | null>(null);
  const [sharing, setSharing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const screenRef = useRef<MediaStream | null>(null);

  const goLive = useCallback(async () => {
    if (!media) return;
    setError(null);
    try {
      const stream = await navigator.mediaDevices.getUserMedia({
        video: { width: 1280, height: 720, frameRate: 20 },
        audio: { echoCancellation: true, noiseSuppression: true },
      });
      setCamera(stream);
      const [video] = stream.getVideoTracks();
      const [audio] = stream.getAudioTracks();
      if (video) await media.publish('camera', video);
      if (audio) await media.publish('mic', audio);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [media]);

  const stopLive = useCallback(async () => {
    if (!media) return;
    await media.unpublish('camera');
    await media.unpublish('mic');
    setCamera((stream) => {
      for (const track of stream?.getTracks() ?? []) track.stop();
      return null;
    });
  }, [media]);

  const stopShare = useCallback(async () => {
    await media?.unpublish('screen');
    for (const track of screenRef.current?.getTracks() ?? []) track.stop();
    screenRef.current = null;
    setSharing(false);
  }, [media]);

  const shareScreen = useCallback(async () => {
    if (!media) return;
    try {
      const stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: 10 }, audio: false });
      const [track] = stream.getVideoTracks();
      if (!track) return;
      screenRef.current = stream;
      track.addEventListener('ended', () => void stopShare());
      await media.publish('screen', track);
      setSharing(true);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [media, stopShare]);

  useEffect(
    () => () => {
      for (const track of screenRef.current?.getTracks() ?? []) track.stop();
    },
    [],
  );

  return { camera, sharing, error, goLive, stopLive, shareScreen, stopShare };
}
