import type { FanoutOptions, FanoutResult } from './runFanout.js';
import type { SrtpBuild, SrtpLibrary } from './srtpBuilds.js';

/** The one request a build process answers: run the fan-out with these options. */
export interface BuildRequest {
  build: SrtpBuild;
  options: Omit<FanoutOptions, 'log'>;
}

/** What the build process sends back (JSON over IPC). */
export interface BuildReply extends SrtpLibrary {
  build: SrtpBuild;
  /** The worker binary mediasoup ran in that process. */
  workerBin: string;
  result: FanoutResult;
}
