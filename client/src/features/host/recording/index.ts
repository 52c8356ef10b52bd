// The host console's recording pieces (#11): the controls in the action bar and the recordings list.
export { RecordingControls } from './RecordingControls';
export { RecordingList } from './RecordingList';
export { useSessionRecordings, type SessionRecordings } from './useSessionRecordings';
