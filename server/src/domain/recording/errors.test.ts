import { testNamedErrors } from '../../errors/testNamedErrors.js';
import { recordingErrors as e } from './errors.js';

testNamedErrors('recordingErrors', e, {
  notFound: [e.notFound(), 'NOT_FOUND', 404],
  deleted: [e.deleted(), 'GONE', 410],
  notReady: [e.notReady(), 'CONFLICT', 409],
  mayNotWatch: [e.mayNotWatch(), 'FORBIDDEN', 403],
  mayNotManage: [e.mayNotManage(), 'FORBIDDEN', 403],
  adminOnly: [e.adminOnly(), 'FORBIDDEN', 403],
  notLive: [e.notLive(), 'CONFLICT', 409],
  disabled: [e.disabled(), 'CONFLICT', 409],
  noSuchFile: [e.noSuchFile(), 'NOT_FOUND', 404],
  badLink: [e.badLink('expired'), 'UNAUTHENTICATED', 401],
  stillRecording: [e.stillRecording(), 'CONFLICT', 409],
});
