import { testNamedErrors } from '../../errors/testNamedErrors.js';
import { broadcastErrors as e } from './errors.js';

testNamedErrors('broadcastErrors', e, {
  sessionNotLive: [e.sessionNotLive(), 'CONFLICT', 409],
  mayNotPublish: [e.mayNotPublish(), 'FORBIDDEN', 403],
  connectionClosed: [e.connectionClosed(), 'CONFLICT', 409],
  cannotProduce: [e.cannotProduce(), 'BAD_REQUEST', 400],
  tooManyTransports: [e.tooManyTransports(4), 'CONFLICT', 409],
  tooManyConsumers: [e.tooManyConsumers(12), 'CONFLICT', 409],
  alreadyConsuming: [e.alreadyConsuming(), 'CONFLICT', 409],
  endpointNotConnected: [e.endpointNotConnected(), 'CONFLICT', 409],
  alreadyHoldsFloor: [e.alreadyHoldsFloor(), 'CONFLICT', 409],
  nobodyHoldsFloor: [e.nobodyHoldsFloor(), 'CONFLICT', 409],
  rollCallOpen: [e.rollCallOpen(), 'CONFLICT', 409],
  rollCallNotFound: [e.rollCallNotFound(), 'NOT_FOUND', 404],
  rollCallClosed: [e.rollCallClosed(), 'DEADLINE_PASSED', 409],
});
