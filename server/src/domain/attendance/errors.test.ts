import { testNamedErrors } from '../../errors/testNamedErrors.js';
import { attendanceErrors as e } from './errors.js';

testNamedErrors('attendanceErrors', e, {
  restarting: [e.restarting(), 'UNAVAILABLE', 503],
});
