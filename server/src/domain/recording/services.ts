// The recording domain's wiring: one instance per app, and what it is given.
import { resolveAuthSecret } from '../../auth/secret.js';
import { perContext } from '../../context/perContext.js';
import { openFileStore } from '../../files/folderFileStore.js';
import { JOB_NAMES, jobQueues } from '../../jobs/index.js';
import { auditLog } from '../audit/index.js';
import { sessionService } from '../sessions/index.js';
import { LiveRecording } from './liveRecording.js';
import { MediaLinks } from './mediaLinks.js';
import { RecordingService } from './RecordingService.js';
import { RecordingStore } from './recordingStore.js';
import { SegmentSink } from './segmentSink.js';

/** Recorders and ffmpeg talk over loopback: they run on the node whose routers carry the media. */
const RECORDER_IP = '127.0.0.1';

export const recordingStore = perContext((ctx) => new RecordingStore(ctx.db));

/** Asks for a recording's renditions; one job per recording however many nodes ask. */
export const enqueueFinalize = perContext((ctx) => async (recordingId: string) => {
  await jobQueues(ctx).recordings.add(
    JOB_NAMES.finalizeRecording,
    { recordingId, kind: 'finalize' },
    { jobId: `finalize-${recordingId}` },
  );
});

export const liveRecording = perContext((ctx) => {
  const log = ctx.log.child({ module: 'recording' });
  return new LiveRecording({
    store: recordingStore(ctx),
    sink: new SegmentSink(recordingStore(ctx), openFileStore(ctx.config), log),
    spoolDir: ctx.config.recording.spoolDir,
    segmentSeconds: ctx.config.recording.segmentSeconds,
    listenIp: RECORDER_IP,
    log,
    finalize: enqueueFinalize(ctx),
  });
});

export const recordingService = perContext(
  (ctx) =>
    new RecordingService({
      store: recordingStore(ctx),
      files: openFileStore(ctx.config),
      filesDir: ctx.config.files.dir,
      sessions: sessionService(ctx),
      audit: auditLog(ctx),
      links: new MediaLinks(
        resolveAuthSecret(ctx.config.authSecret, ctx.config.dataDir),
        ctx.config.recording.linkTtlSeconds,
      ),
      live: liveRecording(ctx),
      retentionDays: ctx.config.recording.retentionDays,
      enqueueDownload: async (recordingId) => {
        await jobQueues(ctx).recordings.add(
          JOB_NAMES.recordingDownload,
          { recordingId, kind: 'download' },
          { jobId: `download-${recordingId}-${Date.now()}` },
        );
      },
      log: ctx.log.child({ module: 'recording' }),
    }),
);
