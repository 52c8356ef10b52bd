import { testNamedErrors } from '../../errors/testNamedErrors.js';
import { webhookErrors as e } from './errors.js';

testNamedErrors('webhookErrors', e, {
  notFound: [e.notFound(), 'NOT_FOUND', 404],
  deliveryNotFound: [e.deliveryNotFound(), 'NOT_FOUND', 404],
  deliveryNotFailed: [e.deliveryNotFailed('delivered'), 'CONFLICT', 409],
});
