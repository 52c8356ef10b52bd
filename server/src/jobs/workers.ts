import { Worker } from 'bullmq';
import { createReportProcessor, type ReportProcessorOptions } from './processors/reportProcessor.js';
import { createPinSlipProcessor } from './processors/pinSlipProcessor.js';
import { createWebhookProcessor } from './processors/webhookProcessor.js';
import type { JobDeps } from './jobDeps.js';
import {
  bullConnection,
  bullPrefix,
  QUEUE_NAMES,
  type PinSlipJobData,
  type PinSlipJobResult,
  type ReportJobData,
  type ReportJobResult,
  type WebhookJobData,
  type WebhookJobResult,
} from './queues.js';

export interface RunningWorkers {
  /** Stops taking jobs and waits for the running ones (graceful); safe to call twice. */
  close(): Promise<void>;
}

export interface WorkerOptions {
  report?: ReportProcessorOptions;
}

/**
 * Starts a BullMQ worker per queue with its typed processor. A job whose worker dies is seen as
 * stalled once its lock (JOBS_LOCK_DURATION_MS) expires and is run again by any live worker.
 */
export function startWorkers(deps: JobDeps, options: WorkerOptions = {}): RunningWorkers {
  const { redisUrl, redisPrefix, jobs } = deps.config;
  const log = deps.log.child({ module: 'jobs' });
  const common = {
    prefix: bullPrefix(redisPrefix),
    concurrency: jobs.concurrency,
    lockDuration: jobs.lockDurationMs,
    stalledInterval: jobs.lockDurationMs,
    maxStalledCount: 2,
  };
  const connections = [
    bullConnection(redisUrl, 'worker-reports', log),
    bullConnection(redisUrl, 'worker-webhooks', log),
    bullConnection(redisUrl, 'worker-pin-slips', log),
  ] as const;
  const reportWorker = new Worker<ReportJobData, ReportJobResult>(
    QUEUE_NAMES.reports,
    createReportProcessor(deps, options.report),
    { ...common, connection: connections[0] },
  );
  const webhookWorker = new Worker<WebhookJobData, WebhookJobResult>(
    QUEUE_NAMES.webhooks,
    createWebhookProcessor(deps),
    { ...common, connection: connections[1] },
  );
  // One batch at a time: its hashing already keeps a core busy.
  const pinWorker = new Worker<PinSlipJobData, PinSlipJobResult>(QUEUE_NAMES.pinSlips, createPinSlipProcessor(deps), {
    ...common,
    concurrency: 1,
    connection: connections[2],
  });
  for (const w of [reportWorker, webhookWorker, pinWorker]) {
    w.on('error', (error) => log.warn({ err: error.message, queue: w.name }, 'worker error'));
    w.on('failed', (job, error) =>
      log.warn({ queue: w.name, job: job?.id, attempts: job?.attemptsMade, err: error.message }, 'job attempt failed'),
    );
    w.on('stalled', (jobId) =>
      log.warn({ queue: w.name, job: jobId }, 'job stalled (its worker died?); it runs again'),
    );
  }
  log.info({ concurrency: jobs.concurrency }, 'job workers started');

  let closing: Promise<void> | undefined;
  return {
    close() {
      closing ??= (async () => {
        await Promise.allSettled([reportWorker.close(), webhookWorker.close(), pinWorker.close()]);
        await Promise.allSettled(connections.map((c) => c.quit()));
        log.info('job workers stopped');
      })();
      return closing;
    },
  };
}
