import { serveParent } from '../lib/childProcess.js';
import { RtpSource } from '../fanout/rtpSource.js';

/** Requests of the bench to its source process. */
export type SourceRequest =
  { op: 'start'; port: number; videoBitrate: number; maxRunMs: number } | { op: 'counters' } | { op: 'stop' };
export type SourceResponse = RtpSource['counters'];

/**
 * The synthetic host (bench/fanout's RtpSource) in a process of its own, so that its sending is not
 * counted in the CPU of the server process the bench measures. One source at a time.
 */
let source: RtpSource | undefined;

serveParent<SourceRequest, SourceResponse>(
  async (req) => {
    switch (req.op) {
      case 'start':
        source?.stop();
        source = new RtpSource({ ip: '127.0.0.1', port: req.port }, { videoBitrate: req.videoBitrate });
        await source.start(req.maxRunMs);
        return source.counters;
      case 'counters':
        return source?.counters ?? { audio: 0, video: [], keyframeRequests: 0 };
      case 'stop': {
        const counters = source?.counters ?? { audio: 0, video: [], keyframeRequests: 0 };
        source?.stop();
        source = undefined;
        return counters;
      }
    }
  },
  () => source?.stop(),
);
