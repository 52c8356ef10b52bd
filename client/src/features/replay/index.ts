// Public surface of the replay feature (#11): the page, and the player a make-up study can observe
// (its playback events). Recording formats and error texts for other areas are in ./common.
export { ReplayPage } from './ReplayPage';
export { ReplayPlayer, type ReplayPlayerProps } from './ReplayPlayer';
export type { PlaybackEvent } from './usePlaybackReports';
