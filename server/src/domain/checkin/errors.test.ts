import { testNamedErrors } from '../../errors/testNamedErrors.js';
import { checkinErrors as e } from './errors.js';

testNamedErrors('checkinErrors', e, {
  tooManyWrongCodes: [e.tooManyWrongCodes(), 'RATE_LIMITED', 429],
  wrongCode: [e.wrongCode('expired'), 'FORBIDDEN', 403],
});
