import { useEffect } from 'react';
import type { MediaClient } from '../../media';

/**
 * While this endpoint holds the floor, its camera and microphone are published; when the floor is
 * taken back they are stopped. Published tracks are republished by the media client after recovery.
 */
export function useFloorPublishing(media: MediaClient | null, holdsFloor: boolean, live: boolean): void {
  useEffect(() => {
    if (!media || !holdsFloor || !live) return;
    let stream: MediaStream | undefined;
    let cancelled = false;
    void (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          video: { width: 640, height: 360, frameRate: 20 },
          audio: true,
        });
        if (cancelled) return;
        const [video] = stream.getVideoTracks();
        const [audio] = stream.getAudioTracks();
        if (video) await media.publish('camera', video);
        if (audio) await media.publish('mic', audio);
      } catch {
        // No camera, or the floor was taken back meanwhile; the host sees no stream.
      }
    })();
    return () => {
      cancelled = true;
      media.unpublishAllLocally();
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, [media, holdsFloor, live]);
}
