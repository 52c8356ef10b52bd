import { testNamedErrors } from '../../errors/testNamedErrors.js';
import { reportErrors as e } from './errors.js';

testNamedErrors('reportErrors', e, {
  notFound: [e.notFound(), 'NOT_FOUND', 404],
  noSuchTable: [e.noSuchTable(), 'NOT_FOUND', 404],
  notVisible: [e.notVisible(), 'FORBIDDEN', 403],
  notManager: [e.notManager(), 'FORBIDDEN', 403],
  rangeAdminOnly: [e.rangeAdminOnly(), 'FORBIDDEN', 403],
  endpointNotInSession: [e.endpointNotInSession(), 'NOT_FOUND', 404],
  sessionNotStarted: [e.sessionNotStarted(), 'CONFLICT', 409],
  notReady: [e.notReady('running'), 'CONFLICT', 409],
});
