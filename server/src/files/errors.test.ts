import { testNamedErrors } from '../errors/testNamedErrors.js';
import { fileErrors as e } from './errors.js';

testNamedErrors('fileErrors', e, {
  notFound: [e.notFound(), 'NOT_FOUND', 404],
  badKey: [e.badKey('empty'), 'BAD_REQUEST', 400],
  tooLarge: [e.tooLarge(50 * 1024 * 1024), 'PAYLOAD_TOO_LARGE', 413],
  rangeNotSatisfiable: [e.rangeNotSatisfiable(100), 'RANGE_NOT_SATISFIABLE', 416],
});
