import { loadConfigOrExit } from './config/config.js';
import { createLogger } from './logging/logger.js';
import { migrateToLatest, openDatabase } from './store/database.js';
import { JobQueues, startWorkers } from './jobs/index.js';
import { JOB_PROCESSORS } from './modules/index.js';

/**
 * `npm run worker`: the job workers in a process of their own, with the same configuration as the
 * server (run the server with JOBS_IN_APP_WORKERS=false then). SIGTERM/SIGINT finish the running
 * jobs before exiting; a SIGKILLed worker's jobs are picked up again by another worker.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const log = createLogger(config.logLevel).child({ process: 'worker' });
  const db = openDatabase(config.database, log.child({ module: 'store' }));
  await migrateToLatest(db, log.child({ module: 'store' }));
  const queues = JobQueues.fromConfig(config, log);
  const workers = startWorkers({ config, db, log, queues }, JOB_PROCESSORS);
  log.info({ pid: process.pid }, 'job worker process ready');

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'worker shutting down');
    const force = setTimeout(() => process.exit(1), 30_000);
    force.unref();
    void (async () => {
      await workers.close();
      await queues.close();
      await db.destroy();
      process.exit(0);
    })().catch((error: unknown) => {
      log.error({ err: error }, 'worker shutdown failed');
      process.exit(1);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Fatal: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
