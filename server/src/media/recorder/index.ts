// The recorder core: a router's producers recorded through PlainTransports into ffmpeg, as
// self-contained WebM segments in a spool folder (see TrackRecorder). Media infrastructure: it knows
// no domain; the recording domain stores the segments and keeps the runs.
export {
  TrackRecorder,
  type RecorderEndReason,
  type RecorderFailure,
  type TrackRecorderOptions,
} from './TrackRecorder.js';
export { recoverSpool, type ClosedSegment } from './spool.js';
export { recorderErrors } from './errors.js';
