import { testNamedErrors } from '../../errors/testNamedErrors.js';
import { documentErrors as e } from './errors.js';

testNamedErrors('documentErrors', e, {
  notFound: [e.notFound(), 'NOT_FOUND', 404],
  uploadNotAllowed: [e.uploadNotAllowed(), 'FORBIDDEN', 403],
  deleteNotAllowed: [e.deleteNotAllowed(), 'FORBIDDEN', 403],
  notPublished: [e.notPublished(), 'FORBIDDEN', 403],
  memberNotInSession: [e.memberNotInSession(), 'FORBIDDEN', 403],
  endedKeepsDocuments: [e.endedKeepsDocuments(), 'CONFLICT', 409],
  tooManyDocuments: [e.tooManyDocuments(50), 'CONFLICT', 409],
  sessionStorageFull: [e.sessionStorageFull(500 * 1024 * 1024, 499 * 1024 * 1024), 'PAYLOAD_TOO_LARGE', 413],
  wrongFileType: [e.wrongFileType('slides', undefined), 'UNSUPPORTED_MEDIA_TYPE', 415],
});
