import { perContext } from '../../context/perContext.js';
import type { AppModule } from '../../context/types.js';
import { broadcastDomain } from '../broadcast/index.js';
import { sessionService } from '../sessions/index.js';
import { createRecordingProcessor } from './recordingProcessor.js';
import { applyRetention } from './retention.js';
import { recordingRoutes } from './routes.js';
import { liveRecording, recordingService, recordingStore } from './services.js';

const RETENTION_SWEEP_MS = 3_600_000;
/** Each app's retention timer (tests run several apps in one process). */
const retentionTimer = perContext((): { timer?: NodeJS.Timeout } => ({}));

/**
 * Recording of live sessions (#11): every live room this node opens is recorded unless the session
 * turned it off; when the session ends its renditions are made by a job (recordingProcessor.ts).
 */
export const recordingModule: AppModule = {
  name: 'recording',
  routes: recordingRoutes,
  jobs: { recordings: (deps) => createRecordingProcessor(deps) },
  start: async (ctx) => {
    const live = liveRecording(ctx);
    const log = ctx.log.child({ module: 'recording' });
    // What a recorder closed before this node died is stored first, then live rooms are followed.
    await live.start();
    if (ctx.config.recording.enabled) {
      broadcastDomain(ctx).onRoomOpened((room) => {
        live.roomOpened(room).catch((err: unknown) => log.error({ err, sessionId: room.sessionId }, 'not recording'));
      });
    }
    // Stopped while the host's media still flows: ffmpeg leaves its input loop at the next packet,
    // where after the room closed it would wait out its input timeout.
    broadcastDomain(ctx).onRoomClosing((sessionId) => live.recorder(sessionId)?.stop('stopped') ?? Promise.resolve());
    sessionService(ctx).hooks.onStatusChange((change) => {
      if (change.to !== 'ended') return;
      // After the status transaction committed: the last segments are stored, then the job is asked for.
      setImmediate(() => {
        live
          .sessionEnded(change.sessionId)
          .catch((err: unknown) =>
            log.error({ err, sessionId: change.sessionId }, 'could not finish the session’s recording'),
          );
      });
    });
    const days = ctx.config.recording.retentionDays;
    if (days !== null) {
      const sweep = () =>
        void applyRetention(recordingStore(ctx), recordingService(ctx), days, log).catch((err: unknown) =>
          log.warn({ err }, 'retention sweep failed'),
        );
      sweep();
      const timer = setInterval(sweep, RETENTION_SWEEP_MS);
      timer.unref();
      retentionTimer(ctx).timer = timer;
    }
  },
  stop: async (ctx) => {
    clearInterval(retentionTimer(ctx).timer);
    await liveRecording(ctx).stop();
  },
};
