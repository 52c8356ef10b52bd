import { mediasoup } from '../../server/src/media/mediasoup.js';
import { serveParent } from '../lib/childProcess.js';
import type { BuildReply, BuildRequest } from './buildProtocol.js';
import { runFanout } from './runFanout.js';
import { checkBuild, loadedSrtpLibrary } from './srtpBuilds.js';

/**
 * One SRTP build's fan-out, in its own process: mediasoup 3.12 reads MEDIASOUP_WORKER_BIN once per
 * process, so the parent (runBuilds.ts) starts one of these per build with MEDIASOUP_SRTP set, and
 * the import above resolves that build's binary before mediasoup loads.
 */
async function run(req: BuildRequest): Promise<BuildReply> {
  const workerBin = process.env.MEDIASOUP_WORKER_BIN;
  // A throwaway worker shows which libsrtp2 this build really loads, before anything is measured.
  const probe = await mediasoup.createWorker({ logLevel: 'error' });
  let library;
  try {
    library = loadedSrtpLibrary(probe.pid);
  } finally {
    probe.close();
  }
  checkBuild(req.build, workerBin, library);
  const result = await runFanout({ ...req.options, log: (line) => console.log(`[${req.build}] ${line}`) });
  return { build: req.build, workerBin: workerBin!, ...library, result };
}

serveParent<BuildRequest, BuildReply>(run, () => undefined, 3 * 3600_000);
