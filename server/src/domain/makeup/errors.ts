import { AppError } from '../../errors/AppError.js';

/** Every error make-up study answers with. */
export const makeupErrors = {
  forMembers: () => new AppError('FORBIDDEN', 'Make-up study is for members'),
  tokenForOtherSession: () => new AppError('FORBIDDEN', 'This sign-in is for another session'),
  /** The member attended live (and was not assigned), or is not in the session's audience. */
  notRequired: () => new AppError('FORBIDDEN', 'You have no make-up study for this session'),
  notEnded: () => new AppError('CONFLICT', 'The session has not ended'),
  disabled: () => new AppError('CONFLICT', 'Make-up study is turned off for this session'),
  noRecording: () => new AppError('NOT_FOUND', 'This session has no recording to study'),
  notReady: () => new AppError('CONFLICT', 'The recording is not ready to watch yet'),
  recordingDeleted: () => new AppError('GONE', 'The recording was deleted'),
  unknownPlayback: () => new AppError('NOT_FOUND', 'No such playback'),
  /** A heartbeat whose seq is not after the last accepted one: replayed or reordered. */
  staleBeat: (lastSeq: number) =>
    new AppError('CONFLICT', `Heartbeat out of order (last accepted seq ${lastSeq})`, {
      details: [{ path: 'seq', message: `must be greater than ${lastSeq}` }],
    }),
  beyondRecording: () => new AppError('BAD_REQUEST', 'The position is past the end of the recording'),
  overdue: () => new AppError('DEADLINE_PASSED', 'The make-up study deadline has passed'),
  hallForEndpoints: () => new AppError('FORBIDDEN', 'A hall make-up is held by an endpoint or opened by staff'),
  otherEndpoint: () => new AppError('FORBIDDEN', 'This is another endpoint’s hall make-up'),
  endpointNotInvited: () => new AppError('FORBIDDEN', 'The endpoint was not invited to this session'),
  hallNeedsEndpoint: () => new AppError('BAD_REQUEST', 'Name the endpoint that holds the hall make-up'),
  notHallMakeup: () => new AppError('NOT_FOUND', 'This session is not a hall make-up'),
  unknownMembers: () => new AppError('BAD_REQUEST', 'Some members do not exist'),
  /** Two writers kept racing on one member's progress; the client retries the beat. */
  busy: () => new AppError('UNAVAILABLE', 'Progress is being updated; retry', { retryAfterSeconds: 1 }),
} satisfies Record<string, (...args: never[]) => AppError>;
