/**
 * A job worker process for the crash test: the real workers and processors, with the report
 * processor pausing SLOW_STEP_MS between steps so the test can SIGKILL it mid-way.
 * Configured from the environment like `npm run worker` (DATABASE_URL, REDIS_URL, REDIS_PREFIX…).
 */
import { loadConfig } from '@diem-cau/server/src/config/config.js';
import { JobQueues } from '@diem-cau/server/src/jobs/queues.js';
import { startWorkers } from '@diem-cau/server/src/jobs/workers.js';
import { createLogger } from '@diem-cau/server/src/logging/logger.js';
import { openDatabase } from '@diem-cau/server/src/store/database.js';

const config = loadConfig();
const log = createLogger(config.logLevel);
const db = openDatabase(config.databaseFile);
const queues = JobQueues.fromConfig(config, log);
startWorkers(
  { config, db, log, queues },
  { report: { pauseBetweenStepsMs: Number(process.env.SLOW_STEP_MS ?? '3000') } },
);
process.stdout.write('slow worker ready\n');
