import type { MediaSource, ProducerInfo } from '@diem-cau/shared';

/** A track received from the SFU, with what it is and who publishes it. */
export interface RemoteTrack {
  consumerId: string;
  producerId: string;
  kind: 'audio' | 'video';
  source: MediaSource;
  publisher: ProducerInfo['publisher'];
  track: MediaStreamTrack;
  producerPaused: boolean;
}

/** What the connection indicator shows. */
export type MediaState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'failed';
