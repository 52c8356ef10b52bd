// The recording domain's door: live sessions recorded as crash-safe segments, their renditions,
// replay manifests with signed file links, and the events later domains follow.
export { recordingModule } from './module.js';
export { recordingService, recordingStore, liveRecording } from './services.js';
export type { RecordingService, RecordingViewerCheck } from './RecordingService.js';
export type { RecordingRow } from './recordingStore.js';
export { recordingEvents, type RecordingReady, type RecordingReadyListener } from './events.js';
export { recordingErrors } from './errors.js';
