import { testNamedErrors } from '../../errors/testNamedErrors.js';
import { accountErrors as e } from './errors.js';

testNamedErrors('accountErrors', e, {
  usernameTaken: [e.usernameTaken(), 'CONFLICT', 409],
  wrongPassword: [e.wrongPassword(), 'UNAUTHENTICATED', 401],
  wrongPin: [e.wrongPin(), 'UNAUTHENTICATED', 401],
  unknownEndpointKey: [e.unknownEndpointKey(), 'UNAUTHENTICATED', 401],
  unknownPairingLink: [e.unknownPairingLink(), 'UNAUTHENTICATED', 401],
  endpointGone: [e.endpointGone(), 'UNAUTHENTICATED', 401],
  tooManyFromAddress: [e.tooManyFromAddress(90), 'RATE_LIMITED', 429],
  tooManyOnAccount: [e.tooManyOnAccount(900), 'RATE_LIMITED', 429],
  pinLocked: [e.pinLocked(3600), 'RATE_LIMITED', 429],
  passwordLocked: [e.passwordLocked(60), 'RATE_LIMITED', 429],
});
