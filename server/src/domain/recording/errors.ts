import { AppError } from '../../errors/AppError.js';

/** Every error the recording domain answers with. */
export const recordingErrors = {
  notFound: () => new AppError('NOT_FOUND', 'No such recording'),
  /** It existed: an admin or the retention setting deleted it. */
  deleted: () => new AppError('GONE', 'This recording was deleted'),
  notReady: () => new AppError('CONFLICT', 'The recording is not ready to watch yet'),
  mayNotWatch: () => new AppError('FORBIDDEN', 'You may not watch this recording'),
  mayNotManage: () => new AppError('FORBIDDEN', 'Only the session host or an admin may do this'),
  adminOnly: () => new AppError('FORBIDDEN', 'Only an admin may delete recordings'),
  notLive: () => new AppError('CONFLICT', 'The session is not live'),
  disabled: () => new AppError('CONFLICT', 'Recording is turned off for this session'),
  noSuchFile: () => new AppError('NOT_FOUND', 'The recording has no such file'),
  /** The signed link of a file is missing, forged, for another recording or expired. */
  badLink: (reason: string) => new AppError('UNAUTHENTICATED', `The recording link is invalid: ${reason}`),
  stillRecording: () => new AppError('CONFLICT', 'The recording is still being made'),
} satisfies Record<string, (...args: never[]) => AppError>;
