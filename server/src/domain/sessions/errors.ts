import type { SessionStatus } from '@diem-cau/shared';
import { AppError } from '../../errors/AppError.js';

/** Every error the sessions domain answers with: code and message defined once. */
export const sessionErrors = {
  connectionClosed: () => new AppError('CONFLICT', 'The connection closed during the join'),
  // ---- what is not there -----------------------------------------------------------------------
  notFound: () => new AppError('NOT_FOUND', 'No such session'),
  codeNotFound: () => new AppError('NOT_FOUND', 'No session has this code'),
  /** The unknown ids go in the details (the first 20). */
  unknownEndpoints: (endpointIds: readonly string[]) =>
    new AppError('NOT_FOUND', 'Unknown endpoints', {
      details: endpointIds.slice(0, 20).map((e) => ({ path: 'endpointIds', message: `no endpoint ${e}` })),
    }),

  // ---- requests ----------------------------------------------------------------------------------
  malformedCode: () => new AppError('BAD_REQUEST', 'A session code is six digits'),
  scheduledNeedsTimes: () => new AppError('BAD_REQUEST', 'A scheduled session keeps its start and end'),
  endBeforeStart: () =>
    new AppError('BAD_REQUEST', 'The session must end after it starts', {
      details: [{ path: 'scheduledEnd', message: 'must be after scheduledStart' }],
    }),
  hostNotAnAccount: () =>
    new AppError('BAD_REQUEST', 'The host must be an existing account', {
      details: [{ path: 'hostAccountId', message: 'no such account' }],
    }),

  // ---- who may act -----------------------------------------------------------------------------
  notManager: () => new AppError('FORBIDDEN', 'Only the session host or an admin may do this'),
  onlyAdminNamesHost: () => new AppError('FORBIDDEN', 'Only an admin may name another host'),
  notThisHost: () => new AppError('FORBIDDEN', "Only this session's host may host it"),
  tokenForOtherSession: () => new AppError('FORBIDDEN', 'This token is for another session'),
  endpointTokenUnbound: () => new AppError('FORBIDDEN', 'Endpoint tokens are bound to one session'),
  endpointNotInvited: () => new AppError('FORBIDDEN', 'This endpoint is not invited to this session'),

  // ---- the session's status ----------------------------------------------------------------------
  /** The session's status does not allow this (joining, checking in, reporting a head-count). */
  wrongStatus: (status: SessionStatus) => new AppError('CONFLICT', `The session is ${status}`),
  badTransition: (from: SessionStatus, to: SessionStatus) =>
    new AppError('CONFLICT', `A ${from} session cannot become ${to}`),
  notEditable: (status: SessionStatus) => new AppError('CONFLICT', `A ${status} session cannot be edited`),
  endedTakesNoInvitations: () => new AppError('CONFLICT', 'An ended session takes no invitations'),
  endedKeepsInvitations: () => new AppError('CONFLICT', 'An ended session keeps its invitations'),
  changedMeanwhile: () => new AppError('CONFLICT', 'The session changed meanwhile'),
} satisfies Record<string, (...args: never[]) => AppError>;
