import { testNamedErrors } from '../../errors/testNamedErrors.js';
import { recorderErrors as e } from './errors.js';

testNamedErrors('recorderErrors', e, {
  noTrack: [e.noTrack(), 'BAD_REQUEST', 400],
  wrongKind: [e.wrongKind('audio', 'video'), 'BAD_REQUEST', 400],
  producerClosed: [e.producerClosed(), 'NOT_FOUND', 404],
  codecNotRecordable: [e.codecNotRecordable('video/H264'), 'BAD_REQUEST', 400],
  badOption: [e.badOption('segmentSeconds'), 'BAD_REQUEST', 400],
  spoolFull: [e.spoolFull(new Error('ENOSPC')), 'STORAGE_FULL', 507],
  ffmpegDidNotStart: [e.ffmpegDidNotStart('exited with code 1'), 'UNAVAILABLE', 503],
});
