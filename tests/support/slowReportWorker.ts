/**
 * A job worker process for the crash test: the real workers and processors, with the report
 * processor pausing SLOW_STEP_MS between steps so the test can SIGKILL it mid-way.
 * Configured from the environment like `npm run worker` (DATABASE_URL, REDIS_URL, REDIS_PREFIX…).
 */
import { loadConfig } from '@diem-cau/server/src/config/config.js';
import { createReportProcessor } from '@diem-cau/server/src/domain/reports/reportProcessor.js';
import { JobQueues, startWorkers } from '@diem-cau/server/src/jobs/index.js';
import { JOB_PROCESSORS } from '@diem-cau/server/src/modules/index.js';
import { createLogger } from '@diem-cau/server/src/logging/logger.js';
import { openDatabase } from '@diem-cau/server/src/store/database.js';

const config = loadConfig();
const log = createLogger(config.logLevel);
const db = openDatabase(config.database);
const queues = JobQueues.fromConfig(config, log);
startWorkers(
  { config, db, log, queues },
  {
    ...JOB_PROCESSORS,
    reports: (deps) => createReportProcessor(deps, { pauseBetweenStepsMs: Number(process.env.SLOW_STEP_MS ?? '3000') }),
  },
);
process.stdout.write('slow worker ready\n');
