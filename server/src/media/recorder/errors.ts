import { AppError } from '../../errors/AppError.js';

/** Named errors of the recorder: why a run could not start. A run that ends later says so in 'ended'. */
export const recorderErrors = {
  noTrack: () => new AppError('BAD_REQUEST', 'A recording run needs an audio or a video producer'),
  wrongKind: (slot: 'audio' | 'video', kind: string) =>
    new AppError('BAD_REQUEST', `The ${slot} producer of a recording run is a ${kind} producer`),
  producerClosed: () => new AppError('NOT_FOUND', 'The producer to record is closed'),
  codecNotRecordable: (mimeType: string) =>
    new AppError('BAD_REQUEST', `${mimeType} cannot be copied into WebM (VP8, VP9 and Opus can)`),
  badOption: (what: string) => new AppError('BAD_REQUEST', `Invalid recorder option: ${what}`),
  spoolFull: (cause: unknown) => new AppError('STORAGE_FULL', 'No space left for the recording spool', { cause }),
  ffmpegDidNotStart: (detail: string, cause?: unknown) =>
    new AppError('UNAVAILABLE', `The recorder (ffmpeg) did not start: ${detail}`, { cause }),
};
