import type { Config } from '../config/config.js';
import type { Logger } from '../logging/logger.js';
import type { Database } from '../store/database.js';
import type { JobQueues } from './queues.js';

/**
 * What a job processor may use. Smaller than AppContext on purpose: a worker process has a store,
 * Redis queues and a logger, but no HTTP server, Socket.IO or media workers.
 */
export interface JobDeps {
  config: Config;
  db: Database;
  log: Logger;
  queues: JobQueues;
}
