import { testNamedErrors } from '../../errors/testNamedErrors.js';
import { sessionErrors as e } from './errors.js';

testNamedErrors('sessionErrors', e, {
  connectionClosed: [e.connectionClosed(), 'CONFLICT', 409],
  notFound: [e.notFound(), 'NOT_FOUND', 404],
  codeNotFound: [e.codeNotFound(), 'NOT_FOUND', 404],
  unknownEndpoints: [e.unknownEndpoints(['e1', 'e2']), 'NOT_FOUND', 404],
  malformedCode: [e.malformedCode(), 'BAD_REQUEST', 400],
  scheduledNeedsTimes: [e.scheduledNeedsTimes(), 'BAD_REQUEST', 400],
  endBeforeStart: [e.endBeforeStart(), 'BAD_REQUEST', 400],
  hostNotAnAccount: [e.hostNotAnAccount(), 'BAD_REQUEST', 400],
  notManager: [e.notManager(), 'FORBIDDEN', 403],
  onlyAdminNamesHost: [e.onlyAdminNamesHost(), 'FORBIDDEN', 403],
  notThisHost: [e.notThisHost(), 'FORBIDDEN', 403],
  tokenForOtherSession: [e.tokenForOtherSession(), 'FORBIDDEN', 403],
  endpointTokenUnbound: [e.endpointTokenUnbound(), 'FORBIDDEN', 403],
  endpointNotInvited: [e.endpointNotInvited(), 'FORBIDDEN', 403],
  wrongStatus: [e.wrongStatus('ended'), 'CONFLICT', 409],
  badTransition: [e.badTransition('ended', 'live'), 'CONFLICT', 409],
  notEditable: [e.notEditable('live'), 'CONFLICT', 409],
  endedTakesNoInvitations: [e.endedTakesNoInvitations(), 'CONFLICT', 409],
  endedKeepsInvitations: [e.endedKeepsInvitations(), 'CONFLICT', 409],
  changedMeanwhile: [e.changedMeanwhile(), 'CONFLICT', 409],
});
