// Public surface of the media feature (mediasoup-client on the page).
export { MediaClient, type ReceiveStats } from './MediaClient';
export type { MediaState, RemoteTrack } from './RemoteTrack';
export { useLiveSession, pickSpeaker, type LiveSession, type SocketState } from './useLiveSession';
export { TrackView } from './MediaView';
export { useBroadcastState, useSecondsLeft } from './useBroadcastState';
